package io.edgeplane.gateway.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.gateway.TestNode;
import io.edgeplane.gateway.TestUpstreams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime API end to end: draining a server through {@code POST /api/proxy/...} moves new requests to the
 * other server while the ones it has open complete; the change is audited, refused without credentials or
 * from another site's page, and shown by the JSON and CSV stats.
 */
class ServerDrainApiTest {

    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("ops:pw".getBytes());

    @TempDir
    Path dir;

    private static String config(Path audit, TestUpstreams a, TestUpstreams b) {
        return """
                admin:
                  listen: 127.0.0.1:0
                  auth: { user: ops, password: pw }
                  audit_log: %s
                proxy:
                  listeners:
                    - name: web
                      listen: [127.0.0.1:0]
                      routes: [{ upstream: app }]
                  upstreams:
                    app:
                      servers: [{ address: %s }, { address: %s }]
                      timeouts: { response: 10s }
                """.formatted(audit, a.address(), b.address());
    }

    @Test
    void drainingThroughTheApiMovesNewRequestsAwayWhileOpenOnesComplete() throws Exception {
        Path audit = dir.resolve("audit.log");
        try (TestUpstreams a = new TestUpstreams("a");
             TestUpstreams b = new TestUpstreams("b");
             TestNode node = TestNode.start(dir, config(audit, a, b));
             HttpClient client = HttpClient.newHttpClient()) {
            String proxy = node.process().gateway().endpoints().get("proxy").getFirst().split(" ")[0];
            List<CompletableFuture<HttpResponse<String>>> open = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                open.add(client.sendAsync(HttpRequest.newBuilder(URI.create(proxy + "slow?ms=2000"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (active(node, a) + active(node, b) < 4) {
                assertThat(System.nanoTime()).as("four requests open").isLessThan(deadline);
                Thread.sleep(20);
            }
            // Counted active when picked, a request may still be on its way: wait until the servers have all four.
            while (a.requests.get() + b.requests.get() < 4) {
                assertThat(System.nanoTime()).as("four requests at the servers").isLessThan(deadline);
                Thread.sleep(20);
            }
            int openOnA = active(node, a);

            String serverPath = "/api/proxy/pools/app/servers/" + a.address();
            assertThat(node.post(serverPath + "?state=drain").statusCode()).as("no credentials").isEqualTo(401);
            HttpResponse<String> crossSite = node.send(HttpRequest.newBuilder(node.uri(serverPath + "?state=drain"))
                    .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", AUTH).header("Origin", "http://evil.example"));
            assertThat(crossSite.statusCode()).as("a form post from another site").isEqualTo(403);
            assertThat(state(node, a)).isEqualTo("UP");

            HttpResponse<String> drained = node.send(HttpRequest.newBuilder(node.uri(serverPath + "?state=drain"))
                    .POST(HttpRequest.BodyPublishers.noBody()).header("Authorization", AUTH));
            assertThat(drained.statusCode()).isEqualTo(200);
            assertThat(drained.body()).contains("\"state\" : \"DRAIN\"").contains("\"active\" : " + openOnA);

            int aBefore = a.requests.get();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(proxy + "x"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("b\n");
            }
            assertThat(a.requests.get()).isEqualTo(aBefore);
            for (CompletableFuture<HttpResponse<String>> request : open) {
                assertThat(request.join().statusCode()).isEqualTo(200);
            }
            assertThat(open.stream().filter(r -> r.join().body().equals("a\n")).count()).isEqualTo(openOnA);
            assertThat(active(node, a)).isZero();

            List<String> lines = Files.readAllLines(audit);
            assertThat(lines).hasSize(1);
            assertThat(lines.getFirst()).contains("\"user\":\"ops\"").contains("\"client\":\"127.0.0.1\"")
                    .contains("\"action\":\"set_server\"").contains("state=[drain]").contains("\"outcome\":\"200 ok\"");

            HttpResponse<String> csv = node.get("/stats;csv", "ops", "pw");
            assertThat(csv.headers().firstValue("content-type")).hasValue("text/csv; charset=utf-8");
            assertThat(csv.body()).startsWith("# pxname,svname,").contains("\napp," + a.address() + ",")
                    .contains(",DRAIN,").contains("\napp,BACKEND,").contains("\nweb,FRONTEND,");
        }
    }

    @Test
    void theStatsPagesButtonsPostFormsOfTheirOwnOriginAndComeBackToThePage() throws Exception {
        Path audit = dir.resolve("audit.log");
        try (TestUpstreams a = new TestUpstreams("a");
             TestUpstreams b = new TestUpstreams("b");
             TestNode node = TestNode.start(dir, config(audit, a, b))) {
            String origin = node.adminUrl().substring(0, node.adminUrl().length() - 1);
            HttpResponse<String> maint = node.send(HttpRequest.newBuilder(node.uri("/api/proxy/pools/app/servers/" + a.address()))
                    .header("Authorization", AUTH).header("Origin", origin)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("state=maint&redirect=stats")));
            assertThat(maint.statusCode()).isEqualTo(303);
            assertThat(maint.headers().firstValue("location")).hasValue("/stats");
            assertThat(state(node, a)).isEqualTo("MAINT");
            HttpResponse<String> page = node.get("/stats", "ops", "pw");
            assertThat(page.headers().firstValue("content-security-policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'none'"));
            assertThat(page.body()).contains("data-server=\"" + a.address() + "\" data-state=\"MAINT\"");

            HttpResponse<String> weight = node.send(HttpRequest.newBuilder(node.uri("/api/proxy/pools/app/servers/" + b.address() + "?weight=0"))
                    .header("Authorization", AUTH).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(weight.statusCode()).isEqualTo(400);
            assertThat(weight.body()).contains("1..1000").contains("state=drain");
            assertThat(node.send(HttpRequest.newBuilder(node.uri("/api/proxy/pools/nope/servers/" + b.address() + "?state=drain"))
                    .header("Authorization", AUTH).POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);

            HttpResponse<String> flush = node.send(HttpRequest.newBuilder(node.uri("/api/dns/flush"))
                    .header("Authorization", AUTH).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(flush.statusCode()).isEqualTo(200);
            assertThat(flush.body()).contains("\"app\" : 0");
            assertThat(node.send(HttpRequest.newBuilder(node.uri("/api/certificates/reload"))
                    .header("Authorization", AUTH).POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);

            HttpResponse<String> recent = node.get("/api/audit", "ops", "pw");
            assertThat(recent.body()).contains("\"action\" : \"set_server\"").contains("\"outcome\" : \"303 ok\"")
                    .contains("\"outcome\" : \"400 weight must be 1..1000")
                    .contains("\"action\" : \"flush_dns\"").contains("\"action\" : \"reload_certificates\"");
            // The unknown pool's 404 changed nothing and is not in the audit; the four others are.
            assertThat(Files.readAllLines(audit)).hasSize(4);
            assertThat(node.get("/metrics", "ops", "pw").body()).contains("edgeplane_admin_writes_total{action=\"set_server\"} 2.0");
        }
    }

    private static int active(TestNode node, TestUpstreams server) throws Exception {
        return Integer.parseInt(field(node, server, "active"));
    }

    private static String state(TestNode node, TestUpstreams server) throws Exception {
        return field(node, server, "state");
    }

    private static String field(TestNode node, TestUpstreams server, String field) throws Exception {
        HttpResponse<String> response = node.get("/api/proxy/pools/app/servers/" + server.address(), "ops", "pw");
        assertThat(response.statusCode()).isEqualTo(200);
        Matcher matcher = Pattern.compile("\"" + field + "\" : \"?([A-Z0-9]+)").matcher(response.body());
        assertThat(matcher.find()).as(response.body()).isTrue();
        return matcher.group(1);
    }
}
