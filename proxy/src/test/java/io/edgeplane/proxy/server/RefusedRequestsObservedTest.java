package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests refused before routing are in the access log and the listener's request metrics, as nginx logs
 * them: with their method, Host and target when the request line was read (a 400 from validation, a 413, a
 * 431), and with those empty when it was not (a malformed request line, a 414, a 408). Their route is
 * {@code -}.
 */
class RefusedRequestsObservedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestUpstream app;
    private ProxyHarness proxy;
    private Path accessLog;

    @BeforeEach
    void start() throws Exception {
        app = new TestUpstream("app");
        accessLog = dir.resolve("access.log");
        proxy = new ProxyHarness("""
                proxy:
                  access_log: { path: "%s", format: json }
                  listeners:
                    - name: web
                      listen: [127.0.0.1:0]
                      limits: { max_body_size: 16B, max_header_size: 1KiB, header_timeout: 300ms }
                      routes: [{ name: app, upstream: app }]
                  upstreams:
                    app: { servers: [{ address: %s }] }
                """.formatted(accessLog, app.address()));
    }

    @AfterEach
    void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (app != null) {
            app.close();
        }
    }

    /** Sends {@code raw} on a connection of its own and returns the status the proxy answered. */
    private int refused(String raw) throws Exception {
        try (RawHttpClient client = new RawHttpClient(URI.create(proxy.url(0)).getPort(), 5000)) {
            client.send(raw);
            RawHttpClient.Response response = client.readResponse();
            assertThat(response).as("an answer to " + raw.lines().findFirst().orElse("")).isNotNull();
            assertThat(client.readToEof()).isEmpty();
            return Integer.parseInt(response.statusLine().split(" ")[1]);
        }
    }

    /** The access log's lines once there are {@code count} of them; the writer thread writes them soon after. */
    private List<JsonNode> logLines(int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(accessLog) ? Files.readAllLines(accessLog) : List.of();
            if (lines.size() >= count) {
                break;
            }
            Thread.sleep(10);
        }
        assertThat(lines).as("access log lines").hasSize(count);
        List<JsonNode> parsed = new ArrayList<>();
        for (String line : lines) {
            parsed.add(parse(line));
        }
        return parsed;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private double requests(String route, String code) {
        var counter = proxy.meters.find("edgeplane.proxy.requests").tags("listener", "web", "route", route, "code", code).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void refusalsAreLoggedAndCounted() throws Exception {
        String host = "Host: example.com\r\n";
        assertThat(refused("GET /two-hosts?a=1 HTTP/1.1\r\n" + host + "Host: other\r\nUser-Agent: probe/1\r\n\r\n")).isEqualTo(400);
        assertThat(refused("BLAH\r\n\r\n")).isEqualTo(400);
        assertThat(refused("GET /big HTTP/1.1\r\n" + host + "X-Big: " + "b".repeat(2048) + "\r\n\r\n")).isEqualTo(431);
        assertThat(refused("POST /upload HTTP/1.1\r\n" + host + "Content-Length: 100\r\n\r\n")).isEqualTo(413);
        assertThat(refused("GET /" + "a".repeat(9 * 1024) + " HTTP/1.1\r\n" + host + "\r\n")).isEqualTo(414);
        long slowStart = System.nanoTime();
        assertThat(refused("GET /slow HTTP/1.1\r\n" + host)).isEqualTo(408);
        long slowMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - slowStart);

        List<JsonNode> lines = logLines(6);
        for (JsonNode line : lines) {
            assertThat(line.get("client").asText()).isEqualTo("127.0.0.1");
            assertThat(line.get("listener").asText()).isEqualTo("web");
            assertThat(line.get("route").asText()).isEqualTo("-");
            assertThat(line.get("upstream").asText()).isEqualTo("-");
            assertThat(line.get("bytes_in").asLong()).isZero();
            assertThat(line.get("bytes_out").asLong()).as(line.toString()).isPositive();
            assertThat(line.has("upstream_ms")).isFalse();
        }
        JsonNode twoHosts = lines.get(0);
        assertThat(twoHosts.get("status").asInt()).isEqualTo(400);
        assertThat(twoHosts.get("method").asText()).isEqualTo("GET");
        assertThat(twoHosts.get("host").asText()).isEqualTo("example.com");
        assertThat(twoHosts.get("uri").asText()).isEqualTo("/two-hosts?a=1");
        assertThat(twoHosts.get("protocol").asText()).isEqualTo("HTTP/1.1");
        assertThat(twoHosts.get("user_agent").asText()).isEqualTo("probe/1");

        JsonNode garbage = lines.get(1);
        assertThat(garbage.get("status").asInt()).isEqualTo(400);
        assertUnread(garbage);

        JsonNode big = lines.get(2);
        assertThat(big.get("status").asInt()).isEqualTo(431);
        assertThat(big.get("method").asText()).isEqualTo("GET");
        assertThat(big.get("uri").asText()).isEqualTo("/big");

        JsonNode upload = lines.get(3);
        assertThat(upload.get("status").asInt()).isEqualTo(413);
        assertThat(upload.get("method").asText()).isEqualTo("POST");
        assertThat(upload.get("host").asText()).isEqualTo("example.com");
        assertThat(upload.get("uri").asText()).isEqualTo("/upload");

        JsonNode longLine = lines.get(4);
        assertThat(longLine.get("status").asInt()).isEqualTo(414);
        assertUnread(longLine);

        JsonNode slow = lines.get(5);
        assertThat(slow.get("status").asInt()).isEqualTo(408);
        assertUnread(slow);
        // From the request's first byte to the 408: the header timeout, give or take the timer's check.
        assertThat(slow.get("duration_ms").asDouble()).isBetween(250.0, slowMillis + 50.0);

        assertThat(requests("-", "4xx")).isEqualTo(6.0);
        assertThat(requests("app", "4xx")).isZero();
        assertThat(app.requests.get()).isZero();
    }

    private static void assertUnread(JsonNode line) {
        assertThat(line.get("method").asText()).as(line.toString()).isEmpty();
        assertThat(line.get("host").asText()).isEmpty();
        assertThat(line.get("uri").asText()).isEmpty();
        assertThat(line.get("protocol").asText()).isEmpty();
    }

    /** A chunked body found broken on its way up is the route's 400, logged once, not a 499 and a 400. */
    @Test
    void aBrokenChunkedBodyIsItsRoutes400() throws Exception {
        assertThat(refused("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n")).isEqualTo(400);
        List<JsonNode> lines = logLines(1);
        assertThat(lines.getFirst().get("status").asInt()).isEqualTo(400);
        assertThat(lines.getFirst().get("route").asText()).isEqualTo("app");
        assertThat(lines.getFirst().get("method").asText()).isEqualTo("POST");
        assertThat(requests("app", "4xx")).isEqualTo(1.0);
        // Nothing more comes: the line is not followed by a second one for the same request.
        Thread.sleep(100);
        assertThat(Files.readAllLines(accessLog)).hasSize(1);
    }

    @Test
    void answeredRequestsStillCarryTheirRoute() throws Exception {
        assertThat(proxy.get("/echo").statusCode()).isEqualTo(200);
        JsonNode line = logLines(1).getFirst();
        assertThat(line.get("status").asInt()).isEqualTo(200);
        assertThat(line.get("route").asText()).isEqualTo("app");
        assertThat(line.get("upstream").asText()).isEqualTo(app.address());
        assertThat(requests("app", "2xx")).isEqualTo(1.0);
        assertThat(requests("-", "4xx")).isZero();
    }
}
