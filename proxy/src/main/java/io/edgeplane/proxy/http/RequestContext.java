package io.edgeplane.proxy.http;

import io.edgeplane.proxy.route.RequestView;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;

/**
 * What is known about one request while it is handled: the request head, who sent it, where it came in,
 * and which upstream server it went to. Route lookup reads it as a {@link RequestView}; templates read
 * its variables. Lives on one event loop; never shared.
 */
public final class RequestContext implements RequestView, VariableValues {

    private final HttpRequest request;
    private final InetSocketAddress client;
    private final InetSocketAddress local;
    private final String scheme;
    private final String listener;
    private final String nodeName;
    private final String host;
    private final String path;
    private final String query;
    /** The target and Host as the client sent them, before rewrites and header edits: for the access log. */
    private final String receivedUri;
    private final String receivedHost;
    private String clientVersion;
    private final long startNanos = System.nanoTime();
    private String upstreamHost = "";
    private String upstreamAddr = "";
    private int routeIndex = -1;
    private int status;
    private long bytesIn;
    private long bytesOut;
    private long upstreamSentNanos;
    private long upstreamNanos = -1;

    public RequestContext(HttpRequest request, InetSocketAddress client, InetSocketAddress local, String scheme,
                          String listener, String nodeName) {
        this.request = Objects.requireNonNull(request, "request");
        this.client = Objects.requireNonNull(client, "client");
        this.local = Objects.requireNonNull(local, "local");
        this.scheme = scheme;
        this.listener = listener;
        this.nodeName = nodeName;
        this.host = normalizeHost(request.headers().get(HttpHeaderNames.HOST));
        this.receivedUri = request.uri();
        this.clientVersion = request.protocolVersion().text();
        this.receivedHost = Objects.toString(request.headers().get(HttpHeaderNames.HOST), "");
        String uri = request.uri();
        int question = uri.indexOf('?');
        String target = question < 0 ? uri : uri.substring(0, question);
        this.path = originFormPath(target);
        this.query = question < 0 ? null : uri.substring(question + 1);
    }

    /** Lower case, without a port, without a trailing dot: how hosts are compared. */
    static String normalizeHost(String hostHeader) {
        if (hostHeader == null || hostHeader.isEmpty()) {
            return "";
        }
        String h = hostHeader;
        if (h.charAt(0) == '[') {
            int close = h.indexOf(']');
            h = close < 0 ? h : h.substring(0, close + 1);
        } else {
            int colon = h.indexOf(':');
            if (colon >= 0) {
                h = h.substring(0, colon);
            }
        }
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return h.toLowerCase(Locale.ROOT);
            }
        }
        return h;
    }

    /** An absolute-form target ({@code http://host/path}) routes by its path. */
    private static String originFormPath(String target) {
        if (target.startsWith("/")) {
            return target;
        }
        int scheme = target.indexOf("://");
        if (scheme > 0) {
            int slash = target.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : target.substring(slash);
        }
        return target;
    }

    public HttpRequest request() {
        return request;
    }

    public InetSocketAddress local() {
        return local;
    }

    public InetSocketAddress client() {
        return client;
    }

    public String scheme() {
        return scheme;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public String path() {
        return path;
    }

    /** The query string without its '?', or null. */
    public String query() {
        return query;
    }

    @Override
    public String method() {
        return request.method().name();
    }

    @Override
    public String header(String name) {
        return request.headers().get(name);
    }

    /** Records the upstream server the request is sent to, for {@code $upstream_host} and the access log. */
    public void upstream(String hostPort, String hostOnly) {
        this.upstreamAddr = hostPort;
        this.upstreamHost = hostOnly;
    }

    /** The client's protocol version, as the access log writes it. */
    public String protocol() {
        return clientVersion;
    }

    /**
     * The protocol the client spoke, where the request's own version says otherwise: an HTTP/2 stream's
     * request is handled as HTTP/1.1, and logged as {@code HTTP/2.0} (nginx's {@code $server_protocol}).
     */
    public void protocol(String spoken) {
        this.clientVersion = Objects.requireNonNull(spoken, "spoken");
    }

    /** The request target as the client sent it. */
    public String receivedUri() {
        return receivedUri;
    }

    /** The Host header as the client sent it, or empty. */
    public String receivedHost() {
        return receivedHost;
    }

    public String upstreamAddr() {
        return upstreamAddr;
    }

    /** When the request head was read ({@link System#nanoTime()}). */
    public long startNanos() {
        return startNanos;
    }

    public int routeIndex() {
        return routeIndex;
    }

    public void routeIndex(int routeIndex) {
        this.routeIndex = routeIndex;
    }

    /** The status sent to the client; 0 until one is. */
    public int status() {
        return status;
    }

    public void status(int status) {
        this.status = status;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public void addBytesIn(long bytes) {
        bytesIn += bytes;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public void addBytesOut(long bytes) {
        bytesOut += bytes;
    }

    /** Marks the request as sent upstream, to time the upstream's answer. */
    public void upstreamSent() {
        upstreamSentNanos = System.nanoTime();
    }

    /** Marks the upstream's response head as received. */
    public void upstreamAnswered() {
        if (upstreamSentNanos != 0) {
            upstreamNanos = System.nanoTime() - upstreamSentNanos;
        }
    }

    /** From sending upstream to the response head, or -1. */
    public long upstreamNanos() {
        return upstreamNanos;
    }

    /** The value of a request variable by name (see {@code RequestVariables.NAMES}). */
    @Override
    public String variable(String name) {
        return switch (name) {
            case "remote_addr" -> client.getAddress().getHostAddress();
            case "remote_port" -> Integer.toString(client.getPort());
            case "host" -> host.isEmpty() ? local.getAddress().getHostAddress() : host;
            case "http_host" -> Objects.toString(request.headers().get(HttpHeaderNames.HOST), "");
            case "scheme" -> scheme;
            case "request_method" -> request.method().name();
            case "request_uri" -> request.uri();
            case "uri" -> path;
            case "args" -> query == null ? "" : query;
            case "server_port" -> Integer.toString(local.getPort());
            case "node_name" -> nodeName;
            case "upstream_host" -> upstreamHost;
            case "upstream_addr" -> upstreamAddr;
            case "listener" -> listener;
            default -> throw new IllegalArgumentException("unknown variable $" + name);
        };
    }
}
