package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.PooledByteBufAllocator;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Bodies stream through with bounded memory: a 1 GiB upload and a 1 GiB download pass while the proxy's
 * buffers stay small, and a client that reads slowly holds the upstream back instead of filling memory.
 */
class StreamingTest {

    private static final long GIB = 1L << 30;
    /** Far below a body's size: what backpressure must keep the proxy's pooled buffers under. */
    private static final long BUFFER_BOUND = 64L << 20;

    @Test
    void oneGibibyteUpAndDownWithBoundedBuffers() throws Exception {
        try (StreamingUpstream upstream = new StreamingUpstream();
             ProxyHarness proxy = new ProxyHarness("""
                     proxy:
                       listeners:
                         - { name: l, listen: [127.0.0.1:0], routes: [{ upstream: big }] }
                       upstreams:
                         big: { servers: [{ address: %s }], retries: 0 }
                     """.formatted(upstream.address()))) {
            AtomicLong peak = new AtomicLong();
            Thread sampler = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    peak.accumulateAndGet(PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory(), Math::max);
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            try {
                HttpResponse<String> upload = proxy.send(HttpRequest.newBuilder(URI.create(proxy.url(0) + "/count"))
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(GIB)), GIB)));
                assertThat(upload.statusCode()).isEqualTo(200);
                assertThat(upload.body()).isEqualTo(Long.toString(GIB));

                HttpResponse<InputStream> download = proxy.client.send(
                        HttpRequest.newBuilder(URI.create(proxy.url(0) + "/stream?bytes=" + GIB)).build(),
                        HttpResponse.BodyHandlers.ofInputStream());
                assertThat(download.statusCode()).isEqualTo(200);
                long read = 0;
                byte[] buffer = new byte[256 * 1024];
                try (InputStream body = download.body()) {
                    int n;
                    while ((n = body.read(buffer)) > 0) {
                        read += n;
                    }
                }
                assertThat(read).isEqualTo(GIB);
            } finally {
                sampler.interrupt();
            }
            assertThat(peak.get()).as("peak pooled direct memory").isLessThan(BUFFER_BOUND);
        }
    }

    @Test
    void slowReaderHoldsTheUpstreamBack() throws Exception {
        try (StreamingUpstream upstream = new StreamingUpstream();
             ProxyHarness proxy = new ProxyHarness("""
                     proxy:
                       listeners:
                         - { name: l, listen: [127.0.0.1:0], routes: [{ upstream: big }] }
                       upstreams:
                         big: { servers: [{ address: %s }], retries: 0 }
                     """.formatted(upstream.address()))) {
            long size = 256L << 20;
            HttpResponse<InputStream> download = proxy.client.send(
                    HttpRequest.newBuilder(URI.create(proxy.url(0) + "/stream?bytes=" + size)).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = download.body()) {
                byte[] small = new byte[16 * 1024];
                for (int i = 0; i < 20; i++) {
                    assertThat(body.read(small)).isPositive();
                    Thread.sleep(50);
                }
                // A second passed with 256 MiB available upstream and almost none read: the proxy holds
                // only what the sockets' windows and its water marks allow.
                assertThat(PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory()).isLessThan(BUFFER_BOUND);
            }
        }
    }

    /** {@code size} zero bytes, produced as read. */
    private static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
