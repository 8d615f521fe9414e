package io.edgeplane.proxy.upstream;

import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.HttpStatusClass;

/**
 * Decodes the responses on one upstream connection. What {@code HttpClientCodec}'s decoder adds to the
 * plain one is knowing which response answers a HEAD (no body, whatever its head says), from a queue of
 * the methods its encoder saw. An upstream connection carries one request at a time, so here the connection
 * says so as it sends each request: one flag, no queue, and no codec wrapper in the pipeline.
 *
 * <p>A CONNECT, the client codec's other special case, is never sent: the proxy refuses CONNECT.
 */
final class UpstreamResponseDecoder extends HttpResponseDecoder {

    private boolean answeringHead;

    UpstreamResponseDecoder(HttpDecoderConfig config) {
        super(config);
    }

    /** The request just sent is a HEAD: its final answer has no body. */
    void answeringHead(boolean head) {
        this.answeringHead = head;
    }

    @Override
    protected boolean isContentAlwaysEmpty(HttpMessage msg) {
        if (((HttpResponse) msg).status().codeClass() == HttpStatusClass.INFORMATIONAL) {
            return super.isContentAlwaysEmpty(msg);
        }
        return answeringHead || super.isContentAlwaysEmpty(msg);
    }
}
