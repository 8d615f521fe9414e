package io.edgeplane.proxy.server;

import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpStatusClass;

/**
 * Encodes the answers of one client connection. What {@code HttpServerCodec}'s encoder adds to the plain
 * one is knowing which answers are to a HEAD (no body, whatever the head says of one), and it learns that
 * from a queue of request methods it keeps for every connection. Here the connection handler says so
 * itself as it starts each request: answers go out strictly one request at a time, in order, so one flag
 * is enough, and an idle connection keeps no queue (nor the codec's two wrappers).
 *
 * <p>A 2xx to CONNECT, the codec's other special case, never happens: this proxy refuses CONNECT.
 */
final class ClientResponseEncoder extends HttpResponseEncoder {

    private boolean answeringHead;

    /** The request being answered is a HEAD: its answer (interim ones aside) carries no body. */
    void answeringHead(boolean head) {
        this.answeringHead = head;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpResponse msg) {
        if (msg.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            return super.isContentAlwaysEmpty(msg);
        }
        return answeringHead || super.isContentAlwaysEmpty(msg);
    }
}
