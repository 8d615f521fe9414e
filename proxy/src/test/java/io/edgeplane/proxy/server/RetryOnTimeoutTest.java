package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * As nginx's default {@code proxy_next_upstream error timeout}: a request safe to repeat that a server takes
 * and never answers goes to another server after {@code timeouts.response}; a POST does not, and with no
 * server left the answer is the timeout's 504.
 */
class RetryOnTimeoutTest {

    @Test
    void anUnansweredIdempotentRequestGoesToTheNextServer() throws Exception {
        List<Socket> held = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             TestUpstream good = new TestUpstream("good")) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());   // takes the connection, reads nothing, answers nothing
                    }
                } catch (Exception closed) {
                    // The test is over.
                }
            });
            String both = "[{ address: 127.0.0.1:%d }, { address: %s }]".formatted(silent.getLocalPort(), good.address());
            String silentOnly = "[{ address: 127.0.0.1:%d }]".formatted(silent.getLocalPort());
            try (ProxyHarness proxy = new ProxyHarness("""
                    proxy:
                      listeners:
                        - { name: l, listen: [127.0.0.1:0], routes: [{ match: { path_prefix: /one/ }, upstream: one }, { upstream: two }] }
                      upstreams:
                        two: { servers: %s, retries: 1, timeouts: { response: 300ms } }
                        one: { servers: %s, retries: 1, timeouts: { response: 300ms } }
                    """.formatted(both, silentOnly))) {
                for (int i = 0; i < 4; i++) {
                    var response = proxy.get("/echo");
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.body()).contains("upstream=good");
                }
                assertThat(proxy.get("/one/x").statusCode()).isEqualTo(504);
                int posts504 = 0;
                for (int i = 0; i < 4; i++) {
                    int status = proxy.send(HttpRequest.newBuilder(URI.create(proxy.url(0) + "/echo"))
                            .POST(HttpRequest.BodyPublishers.ofString("x"))).statusCode();
                    assertThat(status).isIn(200, 504);
                    posts504 += status == 504 ? 1 : 0;
                }
                // Round robin sends every other POST to the silent server, and a POST is not repeated.
                assertThat(posts504).isEqualTo(2);
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }
}
