package io.edgeplane.proxy.server;

import io.netty.handler.codec.http.HttpContent;

/** One request being handled on a client connection, from its head to the last byte of its response. */
interface Exchange {

    /** A piece of the request body; the exchange owns it. */
    void onRequestContent(HttpContent content);

    /** Whether any of the answer has gone to the client: after that, only a close can tell of a failure. */
    boolean responseStarted();

    /** Whether the request's last byte has arrived. */
    boolean requestComplete();

    /** Whether the connection should read more of this request now (backpressure). */
    boolean wantsRequestData();

    /** The client's read batch ended: flush what was written on its behalf. */
    void onClientReadComplete();

    void onClientWritabilityChanged(boolean writable);

    /** The client went away; release everything. */
    void onClientClosed();

    /**
     * The decoder found the request body broken before any of the answer went out: abandon the request and
     * answer 400 (through {@link ClientRequestHandler#answerError}); the connection closes after it.
     */
    void onBrokenRequestBody();
}
