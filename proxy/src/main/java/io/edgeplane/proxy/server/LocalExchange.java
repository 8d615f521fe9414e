package io.edgeplane.proxy.server;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * A request answered by the proxy itself (respond, redirect, static files, an error). The request body, if
 * any, is read and thrown away so the connection can carry the next request; the exchange is over when
 * both the body has ended and the answer has been written, so pipelined answers never overtake it.
 */
final class LocalExchange implements Exchange {

    private final ClientRequestHandler connection;
    private final boolean keepAlive;
    private boolean requestComplete;
    private boolean answered;

    LocalExchange(ClientRequestHandler connection, boolean requestComplete, boolean keepAlive) {
        this.connection = connection;
        this.requestComplete = requestComplete;
        this.keepAlive = keepAlive;
    }

    /** Call once the answer is written. */
    void answered() {
        answered = true;
        if (requestComplete) {
            connection.exchangeDone(this, keepAlive);
        }
    }

    @Override
    public void onRequestContent(HttpContent content) {
        boolean last = content instanceof LastHttpContent;
        content.release();
        if (last) {
            requestComplete = true;
            if (answered) {
                connection.exchangeDone(this, keepAlive);
            }
        }
    }

    @Override
    public boolean responseStarted() {
        return true;
    }

    @Override
    public boolean requestComplete() {
        return requestComplete;
    }

    @Override
    public boolean wantsRequestData() {
        return !requestComplete;
    }

    @Override
    public void onClientReadComplete() {
    }

    @Override
    public void onClientWritabilityChanged(boolean writable) {
    }

    @Override
    public void onClientClosed() {
    }

    /** Never called: a local answer is written before any of its request body is read ({@link #responseStarted}). */
    @Override
    public void onBrokenRequestBody() {
        throw new IllegalStateException("a local answer's body broke before it was answered, which cannot be");
    }
}
