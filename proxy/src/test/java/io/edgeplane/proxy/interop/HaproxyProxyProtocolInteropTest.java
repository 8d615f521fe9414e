package io.edgeplane.proxy.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.proxy.server.ProxyService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

/**
 * edgeplane behind a real HAProxy in TCP mode that sends PROXY v2 ({@code send-proxy-v2}), as behind an L4
 * balancer: the client edgeplane's upstream hears of is HAProxy's client, not HAProxy.
 */
class HaproxyProxyProtocolInteropTest {

    @TempDir
    Path dir;

    @Test
    void theClientBehindHaproxyReachesTheUpstream() throws Exception {
        Path haproxy = Interop.requireProgram("haproxy", "haproxy");
        HttpServer upstream = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        upstream.createContext("/", exchange -> {
            byte[] body = ("xff=" + exchange.getRequestHeaders().getFirst("X-Forwarded-For")).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        upstream.start();
        EventLoops loops = EventLoops.create(1);
        ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
        ProxyService proxy = new ProxyService(loops, blocking, new SimpleMeterRegistry(), Clock.systemUTC());
        Process server = null;
        try {
            proxy.prepare(new ConfigLoader(Variables.of(Map.of())).parse("interop.yaml", """
                    proxy:
                      listeners:
                        - name: behind-l4
                          listen: [127.0.0.1:0]
                          proxy_protocol: { accept: true, trusted: [127.0.0.1/32] }
                          routes: [{ upstream: app }]
                      upstreams:
                        app: { servers: [{ address: 127.0.0.1:%d }] }
                    """.formatted(upstream.getAddress().getPort()))).commit();
            String endpoint = proxy.endpoints().getFirst();
            int edgeplanePort = URI.create(endpoint.substring(0, endpoint.indexOf(' ') - 1)).getPort();
            int haproxyPort = Interop.freePort();
            Files.writeString(dir.resolve("haproxy.cfg"), """
                    defaults
                        mode tcp
                        timeout connect 5s
                        timeout client 10s
                        timeout server 10s
                    frontend fe
                        bind 127.0.0.1:%d
                        default_backend be
                    backend be
                        server s1 127.0.0.1:%d send-proxy-v2
                    """.formatted(haproxyPort, edgeplanePort));
            server = new ProcessBuilder(haproxy.toString(), "-db", "-f", dir.resolve("haproxy.cfg").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("haproxy.log").toFile()).start();
            Interop.awaitPort(haproxyPort, server, "haproxy", dir.resolve("haproxy.log"));

            // From 127.0.0.3: edgeplane's socket peer is HAProxy at 127.0.0.1, so only the header can name it.
            try (Socket client = new Socket()) {
                client.bind(new InetSocketAddress("127.0.0.3", 0));
                client.connect(new InetSocketAddress("127.0.0.1", haproxyPort), 5000);
                client.setSoTimeout(10_000);
                OutputStream out = client.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = client.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                assertThat(response).startsWith("HTTP/1.1 200").endsWith("xff=127.0.0.3");
            }
        } finally {
            proxy.stop(Duration.ofSeconds(1)).join();
            loops.shutdown(Duration.ofSeconds(2));
            blocking.shutdown();
            upstream.stop(0);
            if (server != null) {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
