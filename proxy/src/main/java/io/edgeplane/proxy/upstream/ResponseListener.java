package io.edgeplane.proxy.upstream;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** Whoever is using an upstream connection: told what the upstream answers, on the connection's loop. */
public interface ResponseListener {

    /** The response head (1xx interim responses included). */
    void onResponseHead(UpstreamConnection connection, HttpResponse response);

    /** A piece of the body; the listener owns it (and must release it). A LastHttpContent ends it. */
    void onResponseContent(UpstreamConnection connection, HttpContent content);

    /** The end of one read batch: a good moment to flush what was written downstream. */
    void onReadComplete(UpstreamConnection connection);

    /** The connection can take writes again, or cannot. */
    void onWritabilityChanged(UpstreamConnection connection, boolean writable);

    /** The response head did not come within the time given to {@link UpstreamConnection#expectResponseWithin}. */
    void onResponseTimeout(UpstreamConnection connection);

    /** Nothing was read for the pool's idle timeout. */
    void onIdle(UpstreamConnection connection);

    /** The connection closed or failed before the response ended. */
    void onConnectionLost(UpstreamConnection connection, Throwable cause);
}
