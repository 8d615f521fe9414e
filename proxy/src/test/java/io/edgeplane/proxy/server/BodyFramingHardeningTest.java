package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hardening beyond the request head (see {@link RequestHardeningTest} for the head):
 *
 * <ul>
 *   <li>A broken chunked body: Netty reports a bad chunk as a {@code LastHttpContent} whose decoder result
 *       is a failure, and the connection handler hands it to the exchange like any last chunk, so the
 *       upstream gets a request ended early as if it were whole (a 200 to the client), and the connection
 *       then hangs, the decoder dropping everything after. It must be refused with a 400 (or a close, once
 *       an answer has begun), the upstream request abandoned unfinished, and the connection closed.</li>
 *   <li>Obsolete line folding: Netty joins folded lines before anything after it can tell; refusing them
 *       takes {@code io.edgeplane.proxy.http.HeaderSectionGuard} around the decoder in the pipeline.</li>
 *   <li>What goes upstream: framing headers as the client spelled them ({@code Chunked}, {@code 005}) and an
 *       HTTP/1.0 request without Host forwarded as HTTP/1.1 without Host.</li>
 * </ul>
 */
class BodyFramingHardeningTest {

    private static final String BAD_REQUEST = RequestHardeningTest.BAD_REQUEST;
    private static final String OK = RequestHardeningTest.OK;
    private static final String HOST = RequestHardeningTest.HOST;
    private static final String CHUNKED_POST = RequestHardeningTest.CHUNKED_POST;

    private static TestUpstream app;
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() throws Exception {
        app = new TestUpstream("app");
        proxy = new ProxyHarness(RequestHardeningTest.CONFIG.formatted(app.address()));
    }

    @AfterAll
    static void stop() {
        if (proxy != null) {
            proxy.close();
        }
        if (app != null) {
            app.close();
        }
    }

    // ---------------------------------------------------------------- broken chunked bodies (RFC 9112 §7.1)

    static Stream<Arguments> brokenChunkedBodies() {
        return Stream.of(
                arguments("chunk size not hex", "zz\r\nabc\r\n0\r\n\r\n"),
                arguments("chunk size overlong", "1000000000000000000000005\r\nabcde\r\n0\r\n\r\n"),
                arguments("chunk size over 2^31", "80000000\r\nabcde\r\n0\r\n\r\n"),
                arguments("chunk size negative", "-5\r\nabcde\r\n0\r\n\r\n"),
                arguments("chunk size empty", "\r\nabcde\r\n0\r\n\r\n"),
                arguments("chunk size after a space", " 5\r\nabcde\r\n0\r\n\r\n"),
                arguments("chunk size 0x", "0x5\r\nabcde\r\n0\r\n\r\n"),
                arguments("chunk extension with NUL", "5;\0\r\nabcde\r\n0\r\n\r\n"),
                arguments("chunk extension with bare LF", "5;a\nb\r\nabcde\r\n0\r\n\r\n"),
                arguments("chunk-size line ended by bare LF", "5\nabcde\r\n0\r\n\r\n"),
                arguments("chunk data not followed by CRLF", "5\r\nabcdeX\r\n0\r\n\r\n"),
                arguments("chunk data followed by bare LF", "5\r\nabcde\n0\r\n\r\n"),
                arguments("body ended by bare LF", "5\r\nabcde\r\n0\r\n\n"),
                arguments("trailer with space before colon", "5\r\nabcde\r\n0\r\nX-T : y\r\n\r\n"),
                arguments("second chunk broken", "5\r\nabcde\r\nzz\r\nabc\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenChunkedBodies")
    void brokenChunkedBodyIs400AndNeverCompletesUpstream(String name, String body) throws Exception {
        assertRefused(CHUNKED_POST + body, BAD_REQUEST, false);
    }

    /** The head and a first chunk have gone upstream already; the request there must be abandoned, not ended. */
    @Test
    void brokenChunkAfterTheRequestWentUpstreamIs400() throws Exception {
        int before = app.requests.get();
        int bytesBefore = app.received.length();
        try (RawHttpClient client = client()) {
            client.send(CHUNKED_POST + "5\r\nhello\r\n");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (!app.received.substring(bytesBefore).contains("hello") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(app.received.substring(bytesBefore)).as("the first chunk went upstream").contains("hello");
            client.send("zz\r\nabc\r\n0\r\n\r\n");
            RawHttpClient.Response response = client.readResponse();
            assertThat(response).isNotNull();
            assertThat(response.statusLine()).isEqualTo(BAD_REQUEST);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(client.readToEof()).isEmpty();
        }
        Thread.sleep(50);
        assertThat(app.requests.get() - before).isZero();
    }

    /** A bad chunk hiding a second request: neither the cut-short first nor the smuggled second goes on. */
    @Test
    void requestSmuggledBehindABrokenChunkIsNeverForwarded() throws Exception {
        int bytesBefore = app.received.length();
        assertRefused(CHUNKED_POST + "5\r\nhelloX0\r\n\r\nGET /smuggled HTTP/1.1\r\n" + HOST + "\r\n", BAD_REQUEST, false);
        assertThat(app.received.substring(bytesBefore)).doesNotContain("/smuggled");
    }

    // ---------------------------------------------------------------- obsolete line folding (RFC 9112 §5.2)

    static Stream<Arguments> folded() {
        return Stream.of(
                arguments("continuation after SP", "GET /echo HTTP/1.1\r\n" + HOST + "X-A: a\r\n b\r\n\r\n"),
                arguments("continuation after HTAB", "GET /echo HTTP/1.1\r\n" + HOST + "X-A: a\r\n\tb\r\n\r\n"),
                // Joined, this is "gzip, chunked" (a 501 today); folded, it is a request to refuse.
                arguments("folded Transfer-Encoding",
                        "POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip,\r\n chunked\r\n\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("folded")
    void obsoleteLineFoldingIs400(String name, String raw) throws Exception {
        assertRefused(raw, BAD_REQUEST, true);
    }

    @Test
    void foldInAPipelinedRequestIsRefusedAfterTheOneBefore() throws Exception {
        int before = app.requests.get();
        try (RawHttpClient client = client()) {
            client.send("POST /echo?n=1 HTTP/1.1\r\n" + HOST + "Content-Length: 7\r\n\r\nx\r\n y\r\n"
                    + "GET /echo?n=2 HTTP/1.1\r\n" + HOST + "X-A: a\r\n b\r\n\r\n");
            RawHttpClient.Response first = client.readResponse();
            assertThat(first.statusLine()).isEqualTo(OK);
            assertThat(first.body()).contains("uri=/echo?n=1\n").contains("body=7\n");
            assertThat(client.readResponse().statusLine()).isEqualTo(BAD_REQUEST);
            assertThat(client.readToEof()).isEmpty();
        }
        Thread.sleep(50);
        assertThat(app.requests.get() - before).isEqualTo(1);
    }

    // ---------------------------------------------------------------- what the upstream is sent

    /**
     * Framing goes upstream in one spelling only. A coding name is case-insensitive (RFC 9112 §7) and leading
     * zeros are part of 1*DIGIT, but an upstream that compares "chunked" case-sensitively, or reads "005"
     * otherwise, would frame the body differently from the proxy.
     */
    @Test
    void framingHeadersGoUpstreamInCanonicalForm() throws Exception {
        String chunkedHead = forwardedHead(
                "POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
        assertThat(fieldValues(chunkedHead, "transfer-encoding")).containsExactly("chunked");
        String lengthHead = forwardedHead("POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 005\r\n\r\nhello");
        assertThat(fieldValues(lengthHead, "content-length")).containsExactly("5");
    }

    /** RFC 9112 §3.2: an HTTP/1.1 request (which is what the proxy sends) must carry Host. */
    @Test
    void http10RequestWithoutHostGoesUpstreamWithOne() throws Exception {
        String head = forwardedHead("GET /echo HTTP/1.0\r\n\r\n");
        assertThat(head).startsWith("GET /echo HTTP/1.1\r\n");
        assertThat(fieldValues(head, "host")).hasSize(1);
    }

    // ---------------------------------------------------------------- helpers

    private static RawHttpClient client() throws Exception {
        return new RawHttpClient(URI.create(proxy.url(RequestHardeningTest.MAIN)).getPort(), 5000);
    }

    /** As {@link RequestHardeningTest#assertRefused}; {@code noBytes}: not even a partial request went upstream. */
    private static void assertRefused(String raw, String status, boolean noBytes) throws Exception {
        int before = app.requests.get();
        int bytesBefore = app.received.length();
        try (RawHttpClient client = client()) {
            client.send(raw);
            RawHttpClient.Response response = client.readResponse();
            assertThat(response).as("an answer before the connection closed").isNotNull();
            assertThat(response.statusLine()).isEqualTo(status);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(client.readToEof()).as("nothing after the refusal").isEmpty();
        }
        Thread.sleep(50);
        assertThat(app.requests.get() - before).as("requests the upstream received").isZero();
        if (noBytes) {
            assertThat(app.received.substring(bytesBefore)).as("bytes the upstream received").isEmpty();
        }
    }

    /** Sends one request that must be answered 200 and returns the head the upstream received for it. */
    private static String forwardedHead(String raw) throws Exception {
        int bytesBefore = app.received.length();
        try (RawHttpClient client = client()) {
            client.send(raw);
            assertThat(client.readResponse().statusLine()).startsWith("HTTP/1.").endsWith(" 200 OK");
        }
        String received = app.received.substring(bytesBefore);
        return received.substring(0, received.indexOf("\r\n\r\n") + 4);
    }

    private static java.util.List<String> fieldValues(String head, String name) {
        return head.lines()
                .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(name + ":"))
                .map(line -> line.substring(name.length() + 1).strip())
                .toList();
    }
}
