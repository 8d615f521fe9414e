package io.edgeplane.proxy.server;

import io.edgeplane.proxy.action.FixedResponse;
import io.edgeplane.proxy.action.Redirect;
import io.edgeplane.proxy.http.ConnectionVariables;
import io.edgeplane.proxy.http.HeaderEdits;
import io.edgeplane.proxy.http.RequestContext;
import io.edgeplane.proxy.http.ValueTemplate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the answers a listener gives itself, without an upstream: a {@code respond} route's fixed answer, a
 * redirect, an error (with the listener's error page in place of the one-line default), and the refusal of a
 * request that cannot be trusted. It only builds them; whether the connection stays open, and so the
 * {@code Connection} header, is the connection handler's call. Compiled with the listener's runtime.
 *
 * <p>Every answer carries response edits, as Caddy's {@code header} and nginx's {@code add_header ... always}
 * do, so that HSTS and the other security headers a listener sets are on its error pages too: a routed
 * request's answer gets its route's edits (which begin with the listener's), and an answer given without a
 * route (no route matched, or the request was refused before routing) the listener's.
 */
final class LocalAnswers {

    private static final String TEXT_PLAIN = "text/plain; charset=utf-8";

    private final Map<Integer, ErrorPage> errorPages;
    private final HeaderEdits listenerEdits;

    /**
     * @param errorPages    bodies in place of the one-line defaults, by status
     * @param listenerEdits the listener's own response edits, for answers given without a route
     */
    LocalAnswers(Map<Integer, ErrorPage> errorPages, HeaderEdits listenerEdits) {
        this.errorPages = Map.copyOf(errorPages);
        this.listenerEdits = Objects.requireNonNull(listenerEdits, "listenerEdits");
    }

    /** The listener's response edits: what an answer without a route gets. */
    HeaderEdits listenerEdits() {
        return listenerEdits;
    }

    /** A {@code respond} route's answer: its status, body and headers. */
    FullHttpResponse fixed(RequestContext request, FixedResponse fixed) {
        byte[] body = fixed.body().render(request).getBytes(StandardCharsets.UTF_8);
        FullHttpResponse response = newResponse(request.request().protocolVersion(), fixed.status(), Unpooled.wrappedBuffer(body));
        if (body.length > 0) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
        }
        fixed.headers().apply(response.headers(), request);
        fixed.responseHeaders().apply(response.headers(), request);
        return response;
    }

    /** A redirect, with the response edits of its listener and route (HSTS and the like belong on it too). */
    FullHttpResponse redirect(RequestContext request, Redirect redirect) {
        FullHttpResponse response = newResponse(request.request().protocolVersion(), redirect.status(), Unpooled.EMPTY_BUFFER);
        response.headers().set(HttpHeaderNames.LOCATION, redirect.location(request));
        redirect.responseHeaders().apply(response.headers(), request);
        return response;
    }

    /**
     * An error for a request that was read: no route matched ({@code edits} are the listener's), or its route
     * could not answer ({@code edits} are the route's).
     */
    FullHttpResponse error(RequestContext request, HttpResponseStatus status, HeaderEdits edits) {
        return error(request, status, edits, -1);
    }

    /**
     * 429 for a request over a rate limit, with {@code Retry-After} (before the edits, so an edit may change
     * it) and the page and edits of any error: the route's edits when it was routed, else the listener's.
     */
    FullHttpResponse tooManyRequests(RequestContext request, long retryAfterSeconds, HeaderEdits edits) {
        return error(request, HttpResponseStatus.TOO_MANY_REQUESTS, edits, retryAfterSeconds);
    }

    private FullHttpResponse error(RequestContext request, HttpResponseStatus status, HeaderEdits edits, long retryAfterSeconds) {
        ErrorPage page = errorPages.get(status.code());
        String text = page == null ? statusLine(status) : page.body().render(request);
        FullHttpResponse response = newResponse(request.request().protocolVersion(), status,
                Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        if (!text.isEmpty()) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, page == null ? TEXT_PLAIN : page.contentType());
        }
        if (retryAfterSeconds >= 0) {
            response.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
        }
        edits.apply(response.headers(), request);
        return response;
    }

    /**
     * The answer to a request that cannot be trusted to end where it seems to, or was not read at all; the
     * connection closes after it. Its page and the listener's edits see only the connection's variables.
     */
    FullHttpResponse refusal(HttpVersion version, HttpResponseStatus status, String defaultBody, ConnectionVariables connection) {
        ErrorPage page = errorPages.get(status.code());
        String text = page == null ? defaultBody : page.body().render(connection);
        FullHttpResponse response = newResponse(version, status, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, page == null ? TEXT_PLAIN : page.contentType());
        listenerEdits.apply(response.headers(), connection);
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    /** The one-line default body of an error: {@code 502 Bad Gateway}. */
    static String statusLine(HttpResponseStatus status) {
        return status.code() + " " + status.reasonPhrase() + "\n";
    }

    private static FullHttpResponse newResponse(HttpVersion version, HttpResponseStatus status, ByteBuf body) {
        FullHttpResponse response = new DefaultFullHttpResponse(version.minorVersion() == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
                status, body);
        HttpUtil.setContentLength(response, body.readableBytes());
        return response;
    }

    /** Keep-alive as the client's HTTP version expects it to be said. */
    static void setConnectionHeader(HttpResponse response, HttpVersion clientVersion, boolean keepAlive) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (clientVersion.minorVersion() == 0) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }

    /** A configured error body: its template and media type. */
    record ErrorPage(ValueTemplate body, String contentType) {
        ErrorPage {
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(contentType, "contentType");
        }
    }
}
