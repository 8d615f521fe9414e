package io.edgeplane.proxy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.proxy.server.ProxyService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** edgeplane in front of a real nginx, as the seeds' north proxy sits in front of the app containers. */
class NginxUpstreamInteropTest {

    @TempDir
    Path dir;

    @Test
    void proxiesToNginxWithForwardingHeadersKeepAliveAndBodies() throws Exception {
        Path nginx = Interop.requireProgram("nginx", "nginx");
        int nginxPort = Interop.freePort();
        Files.createDirectories(dir.resolve("logs"));
        Files.writeString(dir.resolve("html.txt"), "x".repeat(200_000));
        // nginx's workers run as an unprivileged user: let them read the file that /big serves.
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("html.txt"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Files.writeString(dir.resolve("nginx.conf"), """
                worker_processes 1;
                daemon off;
                pid %1$s/nginx.pid;
                error_log %1$s/logs/error.log warn;
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
                        listen 127.0.0.1:%2$d;
                        location = /whoami { return 200 "xff=$http_x_forwarded_for proto=$http_x_forwarded_proto host=$host conn=$connection requests=$connection_requests uri=$request_uri\\n"; }
                        location = /big { alias %1$s/html.txt; default_type text/plain; }
                        location = /upload { client_max_body_size 10m; return 200 "len=$content_length\\n"; }
                    }
                }
                """.formatted(dir, nginxPort));
        Process server = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-e", dir.resolve("logs/stderr.log").toString(),
                "-c", dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("logs/out.log").toFile()).start();
        EventLoops loops = EventLoops.create(1);
        ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
        ProxyService proxy = new ProxyService(loops, blocking, new SimpleMeterRegistry(), Clock.systemUTC());
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            Interop.awaitPort(nginxPort, server, "nginx", dir.resolve("logs/out.log"));
            proxy.prepare(new ConfigLoader(Variables.of(Map.of())).parse("interop.yaml", """
                    proxy:
                      listeners:
                        - name: north
                          listen: [127.0.0.1:0]
                          routes:
                            - { match: { path_prefix: /app1/ }, upstream: app1, strip_prefix: true }
                      upstreams:
                        app1: { servers: [{ address: 127.0.0.1:%d }] }
                    """.formatted(nginxPort))).commit();
            String endpoint = proxy.endpoints().getFirst();
            String base = endpoint.substring(0, endpoint.indexOf(' ') - 1);

            String first = get(client, base + "/app1/whoami");
            assertThat(first).contains("xff=127.0.0.1").contains("proto=http").contains("uri=/whoami").contains("conn=");
            String connection = first.replaceAll("(?s).*conn=(\\d+).*", "$1");
            String later = "";
            for (int i = 0; i < 5; i++) {
                later = get(client, base + "/app1/whoami");
            }
            // The same upstream connection carried every request: nginx counts them on it.
            assertThat(later).contains("conn=" + connection).contains("requests=6");

            assertThat(get(client, base + "/app1/big")).hasSize(200_000);
            HttpResponse<String> upload = client.send(HttpRequest.newBuilder(URI.create(base + "/app1/upload"))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[1_000_000])).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(upload.body()).isEqualTo("len=1000000\n");
        } finally {
            client.close();
            proxy.stop(Duration.ofSeconds(1)).join();
            loops.shutdown(Duration.ofSeconds(2));
            blocking.shutdown();
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String get(HttpClient client, String url) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url).isEqualTo(200);
        return response.body();
    }
}
