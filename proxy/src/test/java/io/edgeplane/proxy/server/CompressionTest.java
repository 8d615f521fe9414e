package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** gzip for listed types when the client accepts it, with Vary; never below the minimum size. */
class CompressionTest {

    @Test
    void compressesListedTypesForClientsThatAcceptGzip() throws Exception {
        String big = "edge ".repeat(1000);
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness("""
                     proxy:
                       listeners:
                         - name: l
                           listen: [127.0.0.1:0]
                           compression: { gzip: true, types: [text/plain], min_size: 100B }
                           routes:
                             - { match: { path: /big }, respond: { body: "%s" } }
                             - { match: { path: /small }, respond: { body: "tiny" } }
                             - { match: { path: /html }, respond: { body: "%s", headers: { Content-Type: text/html } } }
                             - { upstream: app }
                       upstreams:
                         app: { servers: [{ address: %s }] }
                     """.formatted(big, big, app.address()))) {
            HttpResponse<byte[]> gzipped = get(proxy, "/big", "gzip, deflate");
            assertThat(gzipped.headers().firstValue("content-encoding")).hasValue("gzip");
            assertThat(gzipped.headers().allValues("vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("accept-encoding"));
            assertThat(gzipped.body().length).isLessThan(big.length() / 10);
            assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(gzipped.body())).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo(big);

            HttpResponse<byte[]> identity = get(proxy, "/big", null);
            assertThat(identity.headers().firstValue("content-encoding")).isEmpty();
            assertThat(new String(identity.body(), StandardCharsets.UTF_8)).isEqualTo(big);
            assertThat(identity.headers().allValues("vary")).anySatisfy(v -> assertThat(v).containsIgnoringCase("accept-encoding"));

            assertThat(get(proxy, "/small", "gzip").headers().firstValue("content-encoding")).isEmpty();
            assertThat(get(proxy, "/html", "gzip").headers().firstValue("content-encoding")).isEmpty();

            // Streamed from an upstream (text/plain echo of the request, well over 100 bytes).
            HttpResponse<byte[]> proxied = get(proxy, "/echo?" + "q".repeat(200), "gzip");
            assertThat(proxied.headers().firstValue("content-encoding")).hasValue("gzip");
            assertThat(new String(new GZIPInputStream(new ByteArrayInputStream(proxied.body())).readAllBytes(),
                    StandardCharsets.UTF_8)).contains("upstream=app");
        }
    }

    private static HttpResponse<byte[]> get(ProxyHarness proxy, String path, String acceptEncoding) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(proxy.url(0) + path)).GET();
        if (acceptEncoding != null) {
            request.header("Accept-Encoding", acceptEncoding);
        }
        return proxy.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
