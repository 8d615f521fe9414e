package io.edgeplane.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.gateway.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin endpoints over real HTTP on an ephemeral loopback port. */
class AdminEndpointsTest {

    private static final String CONFIG = """
            node: { name: test-node }
            admin:
              listen: 127.0.0.1:0
              auth: { user: admin, password: s3cret }
              allow: [127.0.0.0/8]
            """;

    /** One sample line of the Prometheus text format: name, optional labels, a number. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*\\})? "
                    + "(-?[0-9.eE+-]+|NaN|[+-]Inf)( -?[0-9]+)?");

    @TempDir
    Path dir;
    TestNode node;

    @BeforeEach
    void start() throws Exception {
        node = TestNode.start(dir, CONFIG);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @Test
    void healthzAnswersOkWithoutCredentials() throws Exception {
        HttpResponse<String> response = node.get("/healthz");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void readyzAnswersReadyOnceStarted() throws Exception {
        HttpResponse<String> response = node.get("/readyz");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ready\n");
    }

    @Test
    void metricsNeedCredentials() throws Exception {
        HttpResponse<String> response = node.get("/metrics");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic realm="));
        assertThat(node.get("/metrics", "admin", "wrong").statusCode()).isEqualTo(401);
        assertThat(node.get("/metrics", "someone", "s3cret").statusCode()).isEqualTo(401);
    }

    @Test
    void metricsAreValidPrometheusText() throws Exception {
        HttpResponse<String> response = node.get("/metrics", "admin", "s3cret");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        List<String> lines = response.body().lines().toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) {
                continue;
            }
            assertThat(line).as("a sample line").matches(SAMPLE);
        }
        assertThat(response.body())
                .contains("# TYPE edgeplane_config_reloads_total counter")
                .contains("edgeplane_config_reloads_total{result=\"applied\"} 0.0")
                .contains("edgeplane_config_last_reload_successful 1.0")
                .contains("jvm_memory_used_bytes{")
                .contains("process_uptime_seconds")
                .contains("netty_eventexecutor_tasks_pending{")
                .contains("netty_allocator_memory_used{");
    }

    @Test
    void runningConfigRedactsSecrets() throws Exception {
        HttpResponse<String> json = node.get("/api/config", "admin", "s3cret");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(json.body())
                .contains("\"name\" : \"test-node\"")
                .contains("\"shutdown_grace\" : \"10s\"")
                .contains("\"listen\" : \"127.0.0.1:0\"")
                .contains("\"allow\" : [ \"127.0.0.0/8\" ]")
                .contains("\"password\" : \"<redacted>\"")
                .doesNotContain("s3cret");

        HttpResponse<String> yaml = node.get("/api/config?format=yaml", "admin", "s3cret");
        assertThat(yaml.statusCode()).isEqualTo(200);
        assertThat(yaml.body()).contains("password: <redacted>").contains("name: test-node").doesNotContain("s3cret");

        assertThat(node.get("/api/config?format=xml", "admin", "s3cret").statusCode()).isEqualTo(400);
    }

    @Test
    void statusNamesNodeSourceAndServices() throws Exception {
        HttpResponse<String> response = node.get("/api/status", "admin", "s3cret");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("\"node\" : \"test-node\"")
                .contains("\"config_source\" : \"" + node.file() + "\"")
                .contains("\"ready\" : true")
                .contains("\"admin\" : {")
                .contains("\"healthy\" : true");
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        assertThat(node.get("/nope", "admin", "s3cret").statusCode()).isEqualTo(404);
        HttpResponse<String> post = node.send(HttpRequest.newBuilder(URI.create(node.adminUrl() + "healthz"))
                .POST(HttpRequest.BodyPublishers.ofString("x")));
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void headAnswersHeadersOnly() throws Exception {
        HttpResponse<String> head = node.send(HttpRequest.newBuilder(URI.create(node.adminUrl() + "healthz"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("content-length")).hasValue("3");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        InetSocketAddress address = adminAddress();
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String all = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            int ready = all.indexOf("ready\n");
            int ok = all.indexOf("ok\n");
            int unauthorized = all.indexOf("HTTP/1.1 401");
            assertThat(ready).isPositive();
            assertThat(ok).isGreaterThan(ready);
            assertThat(unauthorized).isGreaterThan(ok);
        }
    }

    @Test
    void malformedRequestGets400AndClose() throws Exception {
        InetSocketAddress address = adminAddress();
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 400");
        }
    }

    private InetSocketAddress adminAddress() {
        URI uri = URI.create(node.adminUrl());
        return new InetSocketAddress(uri.getHost(), uri.getPort());
    }
}
