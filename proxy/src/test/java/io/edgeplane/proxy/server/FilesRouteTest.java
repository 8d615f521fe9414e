package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A files route wired into a listener: nginx's location /static/ { alias ...; } and index files. */
class FilesRouteTest {

    @TempDir
    Path root;

    @Test
    void servesFilesUnderAStrippedPrefixAndCountsThem() throws Exception {
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>\n");
        Files.createDirectories(root.resolve("css"));
        Files.writeString(root.resolve("css/site.css"), "body{}\n");
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: web
                      listen: [127.0.0.1:0]
                      routes:
                        - { name: static, match: { path_prefix: /static/ }, files: { root: "%s" }, strip_prefix: true }
                """.formatted(root))) {
            HttpResponse<String> index = proxy.get("/static/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).isEqualTo("<h1>home</h1>\n");
            assertThat(index.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));

            HttpResponse<String> css = proxy.get("/static/css/site.css");
            assertThat(css.statusCode()).isEqualTo(200);
            assertThat(css.body()).isEqualTo("body{}\n");
            String etag = css.headers().firstValue("etag").orElseThrow();
            assertThat(proxy.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(proxy.url(0) + "/static/css/site.css"))
                    .header("If-None-Match", etag)).statusCode()).isEqualTo(304);

            assertThat(proxy.get("/static/../../etc/passwd").statusCode()).isIn(400, 404);
            assertThat(proxy.get("/static/%2e%2e/%2e%2e/etc/passwd").statusCode()).isEqualTo(404);
            assertThat(proxy.get("/static/css").statusCode()).isEqualTo(301);

            double answered = proxy.meters.get("edgeplane.proxy.requests")
                    .tags("listener", "web", "route", "static", "code", "2xx").counter().count();
            assertThat(answered).isEqualTo(2.0);
        }
    }
}
