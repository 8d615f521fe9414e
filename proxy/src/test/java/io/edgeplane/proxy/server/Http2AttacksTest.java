package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 attacks and limits, performed frame by frame: each attack must end the connection (GOAWAY, then a
 * close), cost the upstream no more than the limits allow, and leave the proxy serving new connections.
 */
class Http2AttacksTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    static String config(String upstream, String http2) {
        return """
                proxy:
                  listeners:
                    - name: h2c
                      listen: [127.0.0.1:0]
                      http2: %s
                      limits: { max_header_size: 16KiB }
                      routes:
                        - match: { path: /local }
                          respond: { body: "ok\\n" }
                        - upstream: app
                  upstreams:
                    app: { servers: [{ address: %s }], retries: 0 }
                """.formatted(http2, upstream);
    }

    static int port(ProxyHarness proxy) {
        return URI.create(proxy.url(0)).getPort();
    }

    /** A new connection still gets answers: the proxy is unhurt. */
    static void stillServes(ProxyHarness proxy) throws IOException {
        try (H2Wire wire = new H2Wire(port(proxy))) {
            wire.headers(1, H2Wire.get("/local"), true);
            H2Wire.Frame data = wire.awaitFrame(H2Wire.DATA, 1, WAIT);
            assertThat(data).isNotNull();
            assertThat(new String(data.payload(), StandardCharsets.US_ASCII)).isEqualTo("ok\n");
        }
    }

    /** Reads until GOAWAY; returns it, after checking that the connection then ends. */
    static H2Wire.Frame goAwayAndClose(H2Wire wire) throws IOException {
        H2Wire.Frame goAway = wire.awaitFrame(H2Wire.GOAWAY, 0, WAIT);
        assertThat(goAway).as("GOAWAY").isNotNull();
        assertThat(wire.closedWithin(WAIT)).as("closed after GOAWAY").isTrue();
        return goAway;
    }

    @Test
    void rapidResetEndsTheConnectionAndSparesTheUpstream() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(config(app.address(), "true"));
             H2Wire wire = new H2Wire(port(proxy))) {
            // CVE-2023-44487: open a stream, reset it at once, again and again; never over the stream limit.
            int sent = untilClosed(1000, round -> {
                wire.headers(2 * round + 1, H2Wire.get("/slow?ms=3000"), true);
                wire.reset(2 * round + 1, Http2Error.CANCEL);
            });
            H2Wire.Frame goAway = goAwayAndClose(wire);

            assertThat(goAway.errorCode()).isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
            assertThat(sent).isGreaterThan(Http2Connections.MAX_CLIENT_RESETS);
            assertThat(app.requests.get()).isLessThanOrEqualTo(Http2Connections.MAX_CLIENT_RESETS + 1);
            assertThat(errors(proxy, "connection", "enhance_your_calm")).isEqualTo(1);
            stillServes(proxy);
        }
    }

    @Test
    void madeYouResetEndsTheConnection() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(config(app.address(), "true"));
             H2Wire wire = new H2Wire(port(proxy))) {
            // CVE-2025-8671: a frame that is a stream error (WINDOW_UPDATE of 0) makes the server reset the stream.
            int sent = untilClosed(1000, round -> {
                wire.headers(2 * round + 1, H2Wire.get("/slow?ms=3000"), true);
                wire.windowUpdate(2 * round + 1, 0);
            });
            H2Wire.Frame goAway = goAwayAndClose(wire);

            assertThat(goAway.errorCode()).isEqualTo(Http2Error.ENHANCE_YOUR_CALM.code());
            assertThat(sent).isGreaterThan(Http2Connections.MAX_SERVER_RESETS);
            assertThat(app.requests.get()).isLessThanOrEqualTo(Http2Connections.MAX_SERVER_RESETS + 1);
            stillServes(proxy);
        }
    }

    @Test
    void continuationFloodOfSmallFramesEndsTheConnection() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(config(app.address(), "true"));
             H2Wire wire = new H2Wire(port(proxy))) {
            byte[] block = H2Wire.encode(H2Wire.get("/"));
            // HEADERS without END_HEADERS, then CONTINUATION frames that never end the block.
            wire.raw(H2Wire.HEADERS, 0x1, 1, Arrays.copyOf(block, 1));
            int sent = untilClosed(10_000, round -> wire.raw(H2Wire.CONTINUATION, 0, 1, new byte[0]));
            goAwayAndClose(wire);
            assertThat(sent).isGreaterThan(Http2Connections.MAX_SMALL_CONTINUATIONS);
            assertThat(app.requests.get()).isZero();
            stillServes(proxy);
        }
    }

    @Test
    void continuationFloodPastTheHeaderLimitEndsTheConnection() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(config(app.address(), "true"));
             H2Wire wire = new H2Wire(port(proxy))) {
            Http2Headers huge = H2Wire.get("/").add("x-flood", "a".repeat(4 * 1024 * 1024));
            byte[] block = H2Wire.encode(huge);
            wire.raw(H2Wire.HEADERS, 0x1, 1, Arrays.copyOf(block, 16_000));
            // Never closed by its END_HEADERS: the proxy must give up before the block's 4 MiB are in.
            untilClosed(block.length / 16_000 - 1, round ->
                    wire.raw(H2Wire.CONTINUATION, 0, 1, Arrays.copyOfRange(block, (round + 1) * 16_000, (round + 2) * 16_000)));
            goAwayAndClose(wire);
            assertThat(app.requests.get()).isZero();
            stillServes(proxy);
        }
    }

    @Test
    void contentLengthMustMatchTheData() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(config(app.address(), "true"));
             H2Wire wire = new H2Wire(port(proxy))) {
            Http2Headers shortBody = H2Wire.request("POST", "/echo").setInt("content-length", 10);
            wire.headers(1, shortBody, false);
            wire.data(1, "four".getBytes(StandardCharsets.US_ASCII), true);
            H2Wire.Frame reset = wire.awaitFrame(H2Wire.RST_STREAM, 1, WAIT);
            assertThat(reset).isNotNull();
            assertThat(reset.errorCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());

            Http2Headers longBody = H2Wire.request("POST", "/echo").setInt("content-length", 2);
            wire.headers(3, longBody, false);
            wire.data(3, "more than two".getBytes(StandardCharsets.US_ASCII), true);
            H2Wire.Frame reset3 = wire.awaitFrame(H2Wire.RST_STREAM, 3, WAIT);
            assertThat(reset3).isNotNull();
            assertThat(reset3.errorCode()).isEqualTo(Http2Error.PROTOCOL_ERROR.code());

            // The connection goes on, and no upstream ever got a whole request from the two.
            wire.headers(5, H2Wire.get("/local"), true);
            assertThat(wire.awaitFrame(H2Wire.DATA, 5, WAIT)).isNotNull();
            Thread.sleep(200);
            assertThat(app.requests.get()).isZero();
            assertThat(errors(proxy, "stream", "protocol_error")).isEqualTo(2);
        }
    }

    static double errors(ProxyHarness proxy, String scope, String error) {
        var counter = proxy.meters.find("edgeplane.proxy.http2.errors").tags("listener", "h2c", "scope", scope, "error", error).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aBodyOverTheLimitIsAnswered413AndTheRestRefusedWithoutError() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(config(app.address(), "true").replace(
                     "limits: { max_header_size: 16KiB }", "limits: { max_header_size: 16KiB, max_body_size: 1KiB }"));
             H2Wire wire = new H2Wire(port(proxy))) {
            wire.headers(1, H2Wire.request("POST", "/echo").setInt("content-length", 5000), false);
            H2Wire.Frame answer = wire.awaitFrame(H2Wire.HEADERS, 1, WAIT);
            assertThat(answer).isNotNull();
            assertThat(new String(answer.payload(), StandardCharsets.ISO_8859_1)).contains("413");
            // The client is still sending: it is told to stop, without error (RFC 9113 §8.1).
            H2Wire.Frame reset = wire.awaitFrame(H2Wire.RST_STREAM, 1, WAIT);
            assertThat(reset).isNotNull();
            assertThat(reset.errorCode()).isEqualTo(Http2Error.NO_ERROR.code());

            wire.headers(3, H2Wire.get("/local"), true);
            assertThat(wire.awaitFrame(H2Wire.DATA, 3, WAIT)).isNotNull();
            assertThat(app.requests.get()).isZero();
        }
    }

    @Test
    void connectionSpecificHeadersAreRefused() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(config(app.address(), "true"));
             H2Wire wire = new H2Wire(port(proxy))) {
            int stream = 1;
            for (String[] header : new String[][] {{"connection", "keep-alive"}, {"transfer-encoding", "chunked"},
                    {"upgrade", "websocket"}, {"te", "gzip"}, {"keep-alive", "timeout=5"}, {"proxy-connection", "close"}}) {
                wire.headers(stream, H2Wire.get("/echo").add(header[0], header[1]), true);
                H2Wire.Frame reset = wire.awaitFrame(H2Wire.RST_STREAM, stream, WAIT);
                assertThat(reset).as(header[0]).isNotNull();
                assertThat(reset.errorCode()).as(header[0]).isEqualTo(Http2Error.PROTOCOL_ERROR.code());
                stream += 2;
            }
            // te: trailers is the one TE HTTP/2 allows; it is hop-by-hop, and does not reach the upstream.
            wire.headers(stream, H2Wire.get("/echo").add("te", "trailers"), true);
            H2Wire.Frame data = wire.awaitFrame(H2Wire.DATA, stream, WAIT);
            assertThat(data).isNotNull();
            assertThat(new String(data.payload(), StandardCharsets.ISO_8859_1)).contains("uri=/echo").doesNotContain("h:te=");
            assertThat(app.requests.get()).isEqualTo(1);
        }
    }

    @Test
    void streamsOverTheLimitAreRefusedAndTheSettingsSayTheLimits() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(config(app.address(),
                     "{ enabled: true, max_concurrent_streams: 2, initial_window_size: 32KiB, max_frame_size: 32KiB }"));
             H2Wire wire = new H2Wire(port(proxy))) {
            H2Wire.Frame settings = wire.awaitFrame(H2Wire.SETTINGS, 0, WAIT);
            assertThat(settingsValue(settings, 0x3)).isEqualTo(2);        // MAX_CONCURRENT_STREAMS
            assertThat(settingsValue(settings, 0x4)).isEqualTo(32 * 1024); // INITIAL_WINDOW_SIZE
            assertThat(settingsValue(settings, 0x5)).isEqualTo(32 * 1024); // MAX_FRAME_SIZE
            assertThat(settingsValue(settings, 0x6)).isEqualTo(16 * 1024); // MAX_HEADER_LIST_SIZE

            wire.headers(1, H2Wire.get("/slow?ms=1000"), true);
            wire.headers(3, H2Wire.get("/slow?ms=1000"), true);
            wire.headers(5, H2Wire.get("/slow?ms=1000"), true);
            H2Wire.Frame refused = wire.awaitFrame(H2Wire.RST_STREAM, 5, WAIT);
            assertThat(refused).isNotNull();
            assertThat(refused.errorCode()).isEqualTo(Http2Error.REFUSED_STREAM.code());
            assertThat(wire.awaitFrame(H2Wire.DATA, 3, WAIT)).isNotNull();
        }
    }

    @Test
    void aHeaderListOverTheLimitGets431AndTheConnectionGoesOn() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(config(app.address(), "true"));
             H2Wire wire = new H2Wire(port(proxy))) {
            wire.headers(1, H2Wire.get("/echo").add("x-big", "b".repeat(17 * 1024)), true);
            H2Wire.Frame answer = wire.awaitFrame(H2Wire.HEADERS, 1, WAIT);
            assertThat(answer).isNotNull();
            // HPACK's static table: ":status: 431" is a literal; its digits are in the block as they are.
            assertThat(new String(answer.payload(), StandardCharsets.ISO_8859_1)).contains("431");

            wire.headers(3, H2Wire.get("/local"), true);
            assertThat(wire.awaitFrame(H2Wire.DATA, 3, WAIT)).isNotNull();
            assertThat(app.requests.get()).isZero();
        }
    }

    @Test
    void anIdleConnectionIsClosedWithGoAway() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(config(app.address(), "true").replace(
                     "limits: { max_header_size: 16KiB }", "limits: { max_header_size: 16KiB, idle_timeout: 1s }"));
             H2Wire wire = new H2Wire(port(proxy))) {
            wire.headers(1, H2Wire.get("/local"), true);
            assertThat(wire.awaitFrame(H2Wire.DATA, 1, WAIT)).isNotNull();
            H2Wire.Frame goAway = goAwayAndClose(wire);
            assertThat(goAway.errorCode()).isEqualTo(Http2Error.NO_ERROR.code());
        }
    }

    @Test
    void stoppingSendsGoAwayAndFinishesTheStreamsInFlight() throws Exception {
        try (TestUpstream app = new TestUpstream("app");
             ProxyHarness proxy = new ProxyHarness(config(app.address(), "true"));
             H2Wire wire = new H2Wire(port(proxy))) {
            wire.headers(1, H2Wire.get("/slow?ms=500"), true);
            Thread.sleep(100);
            var stopped = proxy.service.stop(Duration.ofSeconds(5));
            H2Wire.Frame goAway = wire.awaitFrame(H2Wire.GOAWAY, 0, WAIT);
            assertThat(goAway).isNotNull();
            H2Wire.Frame data = wire.awaitFrame(H2Wire.DATA, 1, WAIT);
            assertThat(data).as("the stream in flight is answered").isNotNull();
            assertThat(new String(data.payload(), StandardCharsets.US_ASCII)).isEqualTo("app\n");
            assertThat(wire.closedWithin(WAIT)).isTrue();
            stopped.join();
        }
    }

    interface Round {
        void send(int round) throws IOException;
    }

    /**
     * Sends {@code rounds} rounds of an attack, or fewer if the proxy closes the connection meanwhile (what it
     * should do); returns how many went out.
     */
    static int untilClosed(int rounds, Round round) {
        int sent = 0;
        try {
            while (sent < rounds) {
                round.send(sent);
                sent++;
            }
        } catch (IOException closedUnderUs) {
            // The connection ended under the attack.
        }
        return sent;
    }

    /** A setting's value in a SETTINGS frame, or -1. */
    static long settingsValue(H2Wire.Frame settings, int id) {
        byte[] p = settings.payload();
        for (int at = 0; at + 6 <= p.length; at += 6) {
            int key = (p[at] & 0xff) << 8 | (p[at + 1] & 0xff);
            if (key == id) {
                return (p[at + 2] & 0xffL) << 24 | (p[at + 3] & 0xff) << 16 | (p[at + 4] & 0xff) << 8 | (p[at + 5] & 0xff);
            }
        }
        return -1;
    }

}
