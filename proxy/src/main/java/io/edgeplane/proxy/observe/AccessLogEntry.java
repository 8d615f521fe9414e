package io.edgeplane.proxy.observe;

/**
 * One request as the access log writes it. Built on the event loop from values already at hand; formatted
 * on the writer thread.
 *
 * @param epochMillis     when the request arrived
 * @param client          the client's address
 * @param listener        the listener's name
 * @param method          request method; empty for a request refused before its request line was read
 * @param host            the Host the client asked for, or empty
 * @param uri             the request target as received, or empty as {@code method}
 * @param protocol        {@code HTTP/1.1}, or empty as {@code method}
 * @param status          the status sent; 499 when the client left first (nginx's convention)
 * @param bytesIn         request body bytes received
 * @param bytesOut        response body bytes sent
 * @param durationNanos   from the request head (for a request whose head was never read, its first byte) to the
 *                        last byte of the answer
 * @param route           the route's name, or "-" when none matched
 * @param upstream        the server that answered ({@code host:port}), or "-"
 * @param upstreamNanos   from sending to the upstream to its response head, or -1
 * @param referer         the Referer header, or null
 * @param userAgent       the User-Agent header, or null
 */
public record AccessLogEntry(long epochMillis, String client, String listener, String method, String host, String uri,
                             String protocol, int status, long bytesIn, long bytesOut, long durationNanos, String route,
                             String upstream, long upstreamNanos, String referer, String userAgent) {
}
