package io.edgeplane.proxy.interop;

import static io.edgeplane.proxy.tls.TestPki.KeyFormat.PKCS8;
import static io.edgeplane.proxy.tls.TestPki.KeyFormat.TRADITIONAL;
import static io.edgeplane.proxy.tls.TestPki.KeyType.EC;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.proxy.server.ProxyService;
import io.edgeplane.proxy.tls.TestPki;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * edgeplane in front of a real nginx serving HTTPS, as {@code proxy_pass https://} with {@code proxy_ssl_verify}
 * would be: nginx sees the SNI name and the client certificate, keep-alive carries several requests over one
 * handshake, a new connection resumes the session, and a certificate for another name, or from a CA not
 * trusted, is refused with 502.
 */
class NginxHttpsUpstreamInteropTest {

    @TempDir
    Path dir;

    @Test
    void proxiesToNginxOverVerifiedTls() throws Exception {
        Path nginx = Interop.requireProgram("nginx", "nginx");
        int nginxPort = Interop.freePort();
        Files.createDirectories(dir.resolve("logs"));
        TestPki pki = new TestPki("Interop Root");
        TestPki.writePair(dir.resolve("api.pem"), dir.resolve("api.key"), pki.leaf(EC, pki.root(), "api.internal"), TRADITIONAL);
        TestPki clients = new TestPki("Interop Clients");
        TestPki.write(dir.resolve("clients-ca.pem"), TestPki.pem(List.of(clients.root().certificate())));
        TestPki.writeBundle(dir.resolve("client.pem"), clients.leaf(EC, clients.root(), "edge-client"), PKCS8);
        Path ca = TestPki.write(dir.resolve("ca.pem"), TestPki.pem(List.of(pki.root().certificate())));
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log info;
                events { worker_connections 256; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    keepalive_requests 10000;
                    server {
                        listen 127.0.0.1:%2$d ssl;
                        ssl_certificate %1$s/api.pem;
                        ssl_certificate_key %1$s/api.key;
                        ssl_protocols TLSv1.2 TLSv1.3;
                        ssl_session_cache shared:SSL:1m;
                        ssl_client_certificate %1$s/clients-ca.pem;
                        ssl_verify_client optional;
                        location = /whoami { return 200 "sni=$ssl_server_name reused=$ssl_session_reused conn=$connection requests=$connection_requests client=$ssl_client_s_dn verify=$ssl_client_verify\\n"; }
                    }
                }
                """.formatted(dir, nginxPort));
        Process server = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-e", dir.resolve("logs/stderr.log").toString(),
                "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/out.log").toFile()).start();
        EventLoops loops = EventLoops.create(1);
        ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ProxyService proxy = new ProxyService(loops, blocking, meters, Clock.systemUTC());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            Interop.awaitPort(nginxPort, server, "nginx", dir.resolve("logs/out.log"));
            String nginxAddress = "127.0.0.1:" + nginxPort;
            proxy.prepare(new ConfigLoader(Variables.of(Map.of())).parse("interop.yaml", """
                    proxy:
                      listeners:
                        - name: north
                          listen: [127.0.0.1:0]
                          routes:
                            - { match: { path_prefix: /fresh/ }, upstream: fresh, strip_prefix: true }
                            - { match: { path_prefix: /wrong-name/ }, upstream: wrong_name, strip_prefix: true }
                            - { match: { path_prefix: /system-trust/ }, upstream: system_trust, strip_prefix: true }
                            - upstream: api
                      upstreams:
                        api:
                          servers: [{ address: %1$s }]
                          tls: { ca: %2$s, server_name: api.internal, certificate: { cert: %3$s } }
                        fresh:
                          servers: [{ address: %1$s }]
                          keepalive: { max_idle: 0 }
                          tls: { ca: %2$s, server_name: api.internal }
                        wrong_name:
                          servers: [{ address: %1$s }]
                          tls: { ca: %2$s, server_name: other.internal }
                        system_trust:
                          servers: [{ address: %1$s }]
                          tls: true
                    """.formatted(nginxAddress, ca, dir.resolve("client.pem")))).commit();
            String endpoint = proxy.endpoints().getFirst();
            String base = endpoint.substring(0, endpoint.indexOf(' ') - 1);

            String first = get(client, base + "/whoami", 200);
            assertThat(first).contains("sni=api.internal").contains("client=CN=edge-client").contains("verify=SUCCESS");
            String connection = first.replaceAll("(?s).*conn=(\\d+).*", "$1");
            String later = "";
            for (int i = 0; i < 4; i++) {
                later = get(client, base + "/whoami", 200);
            }
            // One upstream connection, one handshake, five requests: nginx counts them on it.
            assertThat(later).contains("conn=" + connection).contains("requests=5");

            // A connection per request: every one after the first resumes the session nginx gave the first.
            assertThat(get(client, base + "/fresh/whoami", 200)).contains("sni=api.internal").contains("client= ");
            for (int i = 0; i < 3; i++) {
                assertThat(get(client, base + "/fresh/whoami", 200)).contains("reused=r").contains("requests=1");
            }

            get(client, base + "/wrong-name/whoami", 502);
            get(client, base + "/system-trust/whoami", 502);
            assertThat(meters.get("edgeplane.proxy.upstream.tls.failures").tags("pool", "wrong_name", "reason", "name_mismatch")
                    .counter().count()).isEqualTo(1);
            assertThat(meters.get("edgeplane.proxy.upstream.tls.failures").tags("pool", "system_trust", "reason", "untrusted")
                    .counter().count()).isEqualTo(1);
        } finally {
            client.close();
            proxy.stop(Duration.ofSeconds(1)).join();
            loops.shutdown(Duration.ofSeconds(2));
            blocking.shutdown();
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String get(HttpClient client, String url, int status) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(status);
        return response.body();
    }
}
