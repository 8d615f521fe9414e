package io.edgeplane.bench;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.Variables;
import io.edgeplane.config.proxy.ListenerConfig;
import io.edgeplane.proxy.http.ForwardedHeaders;
import io.edgeplane.proxy.http.HeaderEdits;
import io.edgeplane.proxy.http.HopByHopHeaders;
import io.edgeplane.proxy.http.RequestContext;
import io.edgeplane.proxy.http.RequestValidator;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The proxy's own work on a request's and a response's headers, on a browser's GET with the seed's
 * listener settings (X-Forwarded-For appended, X-Forwarded-Proto and X-Real-IP set, a request edit that
 * names the upstream, the seed's four security headers on the response):
 * <ul>
 *   <li>{@code validate}: {@link RequestValidator#validate}, read only;</li>
 *   <li>{@code copyHeaders}: the copy of the request the other two start from, measured alone so it can
 *       be subtracted (the decoder makes a fresh one per request; this stands in for it);</li>
 *   <li>{@code rewriteRequest}: copy, then what {@code ProxyExchange} does before the request goes up:
 *       the request context, hop-by-hop removal, canonical framing, the forwarded headers, the edits;</li>
 *   <li>{@code editResponse}: copy of an upstream's response headers, hop-by-hop removal, the listener's
 *       response edits.</li>
 * </ul>
 * Run with {@code -prof gc} for the bytes allocated per operation.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RequestHeadersBenchmark {

    private static final String CONFIG = """
            proxy:
              listeners:
                - name: public
                  listen: [127.0.0.1:0]
                  forwarded: { x_forwarded_for: append, x_forwarded_proto: true, x_real_ip: true }
                  headers:
                    request:
                      set: { Host: "$upstream_host", X-Request-Id: "$node_name-$remote_port" }
                    response:
                      set:
                        Strict-Transport-Security: "max-age=31536000; includeSubDomains; preload"
                        X-Frame-Options: DENY
                        X-Content-Type-Options: nosniff
                        Referrer-Policy: strict-origin-when-cross-origin
                  routes:
                    - upstream: app
              upstreams:
                app: { servers: [{ address: 127.0.0.1:8081 }] }
            """;

    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.10", 51234);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);

    private HttpRequest browserRequest;
    private HttpHeaders upstreamResponseHeaders;
    private ForwardedHeaders forwarded;
    private HeaderEdits requestEdits;
    private HeaderEdits responseEdits;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        EdgeplaneConfig config = new ConfigLoader(Variables.of(Map.of())).parse("bench.yaml", CONFIG);
        ListenerConfig listener = config.proxy().orElseThrow().listeners().getFirst();
        forwarded = new ForwardedHeaders(listener.forwarded());
        requestEdits = HeaderEdits.compile(listener.headers().request());
        responseEdits = HeaderEdits.compile(listener.headers().response());
        browserRequest = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/app1/assets/app.js?v=42",
                DefaultHttpHeadersFactory.headersFactory());
        browserRequest.headers()
                .add("Host", "www.example.com")
                .add("User-Agent", "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
                .add("Accept", "*/*")
                .add("Accept-Language", "en-US,en;q=0.5")
                .add("Accept-Encoding", "gzip, deflate, br, zstd")
                .add("Referer", "https://www.example.com/app1/")
                .add("Cookie", "session=4f1c2a9e7b; theme=dark")
                .add("Connection", "keep-alive")
                .add("Sec-Fetch-Dest", "script")
                .add("Sec-Fetch-Mode", "no-cors")
                .add("Sec-Fetch-Site", "same-origin")
                .add("X-Forwarded-For", "198.51.100.7");
        upstreamResponseHeaders = DefaultHttpHeadersFactory.headersFactory().newHeaders()
                .add("Server", "nginx/1.22.1")
                .add("Date", "Sat, 21 Nov 2026 23:50:10 GMT")
                .add("Content-Type", "application/javascript")
                .add("Content-Length", "48213")
                .add("Last-Modified", "Fri, 20 Nov 2026 10:00:00 GMT")
                .add("Connection", "keep-alive")
                .add("ETag", "\"6736f0a0-bc55\"")
                .add("Accept-Ranges", "bytes");
    }

    @Benchmark
    public Object validate() {
        return RequestValidator.validate(browserRequest);
    }

    @Benchmark
    public HttpRequest copyHeaders() {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, browserRequest.uri(), browserRequest.headers().copy());
    }

    @Benchmark
    public HttpRequest rewriteRequest() {
        HttpRequest request = copyHeaders();
        RequestContext context = new RequestContext(request, CLIENT, LOCAL, "https", "public", "edge-1");
        context.upstream("127.0.0.1:8081", "127.0.0.1");
        HttpHeaders headers = request.headers();
        HopByHopHeaders.remove(headers);
        RequestValidator.canonicalizeFraming(request);
        forwarded.apply(headers, context);
        requestEdits.apply(headers, context);
        return request;
    }

    @Benchmark
    public HttpResponse editResponse() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, upstreamResponseHeaders.copy());
        RequestContext context = new RequestContext(browserRequest, CLIENT, LOCAL, "https", "public", "edge-1");
        HopByHopHeaders.remove(response.headers());
        responseEdits.apply(response.headers(), context);
        return response;
    }
}
