package io.edgeplane.proxy.server;

import static io.edgeplane.proxy.tls.TestPki.KeyFormat.PKCS8;
import static io.edgeplane.proxy.tls.TestPki.KeyType.EC;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.proxy.tls.TestPki;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A certificate file replaced while requests run: none fails, open keep-alive connections go on, new
 * handshakes get the new certificate, and a broken replacement leaves the certificate in use.
 */
class CertificateReloadTest {

    private static final int MAX_REQUESTS = 2000;
    private static final Duration MAX_TIME = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void replacedUnderLoadWithoutAFailedRequest() throws Exception {
        TestPki pki = new TestPki("Reload Root");
        Path site = TestPki.writeBundle(dir.resolve("site.pem"), pki.leaf(EC, pki.root(), "localhost"), PKCS8);
        SSLContext trust = pki.clientContext(null);
        try (ProxyHarness proxy = new ProxyHarness("""
                proxy:
                  listeners:
                    - name: secure
                      listen: [127.0.0.1:0]
                      tls: { certificates: [{ cert: %s }], watch_interval: 100ms }
                      routes: [{ respond: { body: "ok\\n" } }]
                """.formatted(site));
             HttpClient keepAlive = HttpClient.newBuilder().sslContext(trust).connectTimeout(Duration.ofSeconds(5)).build();
             ExecutorService workers = Executors.newFixedThreadPool(2)) {
            int port = URI.create(proxy.url(0)).getPort();
            BigInteger first = serial(pki, port);
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger succeeded = new AtomicInteger();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            long deadline = System.nanoTime() + MAX_TIME.toNanos();
            List<Future<?>> running = new ArrayList<>();
            // One worker over a keep-alive connection, one with a new connection (and handshake) per request.
            running.add(workers.submit(() -> load(sent, succeeded, failures, deadline, () -> {
                HttpResponse<String> response = keepAlive.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                return response.statusCode() == 200 && response.body().equals("ok\n");
            })));
            running.add(workers.submit(() -> load(sent, succeeded, failures, deadline,
                    () -> TlsClient.get(trust, port, "localhost", "/").response().endsWith("\r\n\r\nok\n"))));

            waitFor(() -> succeeded.get() >= 100, deadline);
            TestPki.Issued second = pki.leaf(EC, pki.root(), "localhost");
            TestPki.writeBundle(site, second, PKCS8);
            waitFor(() -> serial(pki, port).equals(second.certificate().getSerialNumber()), deadline);
            int atSwap = succeeded.get();

            TestPki.write(site, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
            Thread.sleep(500);
            assertThat(serial(pki, port)).isEqualTo(second.certificate().getSerialNumber());
            waitFor(() -> succeeded.get() >= atSwap + 100, deadline);

            sent.set(MAX_REQUESTS);
            for (Future<?> worker : running) {
                worker.get();
            }
            assertThat(failures).isEmpty();
            assertThat(first).isNotEqualTo(second.certificate().getSerialNumber());
            assertThat(succeeded.get()).isGreaterThan(atSwap);
        }
    }

    /** The serial number of the certificate a new client's handshake gets. */
    private static BigInteger serial(TestPki pki, int port) {
        try {
            return TlsClient.get(pki.clientContext(null), port, "localhost", "/").certificate().getSerialNumber();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    interface Request {
        boolean send() throws Exception;
    }

    private static void load(AtomicInteger sent, AtomicInteger succeeded, ConcurrentLinkedQueue<String> failures, long deadline,
                             Request request) {
        while (sent.incrementAndGet() <= MAX_REQUESTS && System.nanoTime() < deadline) {
            try {
                if (request.send()) {
                    succeeded.incrementAndGet();
                } else {
                    failures.add("unexpected answer");
                }
            } catch (Exception e) {
                failures.add(e.toString());
            }
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, long deadline) throws InterruptedException {
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited too long").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
