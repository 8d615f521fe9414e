package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.core.transport.EventLoops;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stop closes idle keep-alive connections at once instead of waiting out the grace period for them. */
class GracefulStopTest {

    @Test
    void idleKeepAliveConnectionsDoNotHoldTheStop() throws Exception {
        EventLoops loops = EventLoops.create(1);
        ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
        ProxyService proxy = new ProxyService(loops, blocking, new SimpleMeterRegistry(), Clock.systemUTC());
        try {
            proxy.prepare(new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", """
                    proxy:
                      listeners:
                        - { name: l, listen: [127.0.0.1:0], routes: [{ respond: { body: "ok" } }] }
                    """)).commit();
            String endpoint = proxy.endpoints().getFirst();
            URI uri = URI.create(endpoint.substring(0, endpoint.indexOf(' ') - 1));
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = socket.getInputStream();
                assertThat(new String(in.readNBytes(15), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200 OK");
                // The connection is now idle and kept alive; a 60 s grace must not be waited out for it.
                proxy.stop(Duration.ofSeconds(60)).get(20, TimeUnit.SECONDS);
                in.readAllBytes();
                assertThat(in.read()).isEqualTo(-1);
            }
        } finally {
            loops.shutdown(Duration.ofSeconds(2));
            blocking.shutdown();
        }
    }
}
