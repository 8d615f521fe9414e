package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Upgrade requests (WebSocket) pass through: the 101, then raw bytes both ways. */
class UpgradeTunnelTest {

    @Test
    void upgradedConnectionCarriesBytesBothWays() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness("""
                     proxy:
                       listeners:
                         - { name: l, listen: [127.0.0.1:0], routes: [{ upstream: app }] }
                       upstreams:
                         app: { servers: [{ address: %s }] }
                     """.formatted(app.address()))) {
            URI uri = URI.create(proxy.url(0));
            try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                InputStream in = socket.getInputStream();
                out.write(("GET /upgrade HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: echo\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String head = SocketReads.readHead(in);
                assertThat(head).startsWith("HTTP/1.1 101").containsIgnoringCase("upgrade: echo");
                for (String message : new String[] {"hello", "tunnel of bytes", "GET / HTTP/1.1\r\n\r\n"}) {
                    out.write(message.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(new String(in.readNBytes(message.length()), StandardCharsets.US_ASCII)).isEqualTo(message);
                }
            }
        }
    }
}
