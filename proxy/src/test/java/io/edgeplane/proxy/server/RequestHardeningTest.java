package io.edgeplane.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.URI;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed and ambiguous HTTP/1.1 requests, sent as raw bytes. Each must be refused with the status RFC
 * 9112 asks for, the connection must end (when a request's end is in doubt, so is everything after it), and
 * the upstream must never see any of it, not one byte: two parsers disagreeing about where a request ends is
 * how requests get smuggled. Positive controls show the same listener still serves well-formed traffic.
 *
 * <p>Broken chunked bodies, obsolete line folding, and the framing and Host sent upstream are tested in
 * {@link BodyFramingHardeningTest}.
 */
class RequestHardeningTest {

    static final String BAD_REQUEST = "HTTP/1.1 400 Bad Request";
    static final String URI_TOO_LONG = "HTTP/1.1 414 Request-URI Too Long";
    static final String HEADERS_TOO_LARGE = "HTTP/1.1 431 Request Header Fields Too Large";
    static final String REQUEST_TIMEOUT = "HTTP/1.1 408 Request Timeout";
    static final String NOT_IMPLEMENTED = "HTTP/1.1 501 Not Implemented";
    static final String VERSION_NOT_SUPPORTED = "HTTP/1.1 505 HTTP Version Not Supported";
    static final String OK = "HTTP/1.1 200 OK";

    /** Listener indexes in {@link #CONFIG}. */
    static final int MAIN = 0;
    static final int SMALL = 1;
    static final int SLOW = 2;

    static final String CONFIG = """
            proxy:
              listeners:
                - { name: main, listen: [127.0.0.1:0], routes: [{ upstream: app }] }
                - name: small
                  listen: [127.0.0.1:0]
                  limits: { max_request_line: 1KiB, max_header_size: 1KiB }
                  routes: [{ upstream: app }]
                - name: slow
                  listen: [127.0.0.1:0]
                  limits: { header_timeout: 300ms }
                  routes: [{ upstream: app }]
              upstreams:
                app: { servers: [{ address: %s }] }
            """;

    static final String HOST = "Host: x\r\n";
    static final String CHUNKED_POST = "POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n";

    private static TestUpstream app;
    private static ProxyHarness proxy;

    @BeforeAll
    static void start() throws Exception {
        app = new TestUpstream("app");
        proxy = new ProxyHarness(CONFIG.formatted(app.address()));
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

    // ---------------------------------------------------------------- message framing (RFC 9112 §6)

    static Stream<Arguments> framing() {
        String post = "POST /echo HTTP/1.1\r\n" + HOST;
        return Stream.of(
                // §6.3 (3): both framings present is how smuggling starts; a proxy must not forward it.
                arguments("Content-Length and chunked",
                        post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                arguments("chunked and Content-Length",
                        post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"),
                // §6.3 (5): several Content-Length values, equal or not, are an invalid length.
                arguments("duplicate Content-Length, same", post + "Content-Length: 1\r\nContent-Length: 1\r\n\r\nA"),
                arguments("duplicate Content-Length, different", post + "Content-Length: 1\r\nContent-Length: 2\r\n\r\nAB"),
                arguments("Content-Length list", post + "Content-Length: 1, 1\r\n\r\nA"),
                // §6.2: Content-Length = 1*DIGIT and nothing else.
                arguments("Content-Length abc", post + "Content-Length: abc\r\n\r\nabc"),
                arguments("Content-Length -1", post + "Content-Length: -1\r\n\r\n"),
                arguments("Content-Length 1 2", post + "Content-Length: 1 2\r\n\r\nA"),
                arguments("Content-Length +5", post + "Content-Length: +5\r\n\r\nAAAAA"),
                arguments("Content-Length empty", post + "Content-Length:\r\n\r\n"),
                arguments("Content-Length hex", post + "Content-Length: 0x5\r\n\r\nAAAAA"),
                arguments("Content-Length overflow", post + "Content-Length: 99999999999999999999\r\n\r\n"),
                // §6.3 (4): chunked not last, so the body's end cannot be known: 400 and close.
                arguments("Transfer-Encoding gzip", post + "Transfer-Encoding: gzip\r\n\r\n0\r\n\r\n"),
                arguments("Transfer-Encoding chunked, gzip", post + "Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n"),
                arguments("Transfer-Encoding identity", post + "Transfer-Encoding: identity\r\n\r\n0\r\n\r\n"),
                arguments("Transfer-Encoding xchunked", post + "Transfer-Encoding: xchunked\r\n\r\n0\r\n\r\n"),
                arguments("Transfer-Encoding chunked;x=1", post + "Transfer-Encoding: chunked;x=1\r\n\r\n0\r\n\r\n"),
                // §7: chunked must not be applied more than once, in one field line or in two.
                arguments("Transfer-Encoding chunked, chunked", post + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n"),
                arguments("two Transfer-Encoding: chunked lines",
                        post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
                // §6.1: Transfer-Encoding in an HTTP/1.0 message means the framing is faulty.
                arguments("Transfer-Encoding on HTTP/1.0",
                        "POST /echo HTTP/1.0\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("framing")
    void ambiguousFramingIs400(String name, String raw) throws Exception {
        assertRefused(MAIN, raw, BAD_REQUEST);
    }

    /**
     * §6.1: "A server that receives a request message with a transfer coding it does not understand SHOULD
     * respond with 501". chunked is last, so the framing itself is sound; the proxy just cannot forward a
     * coding it would have to undo. The connection still closes: the body is not read.
     */
    @Test
    void unknownCodingBeforeChunkedIs501() throws Exception {
        assertRefused(MAIN, "POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
                NOT_IMPLEMENTED);
        assertRefused(MAIN, "POST /echo HTTP/1.1\r\n" + HOST
                + "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", NOT_IMPLEMENTED);
    }

    /** §7: coding names are case-insensitive; RFC 9110 §5.5: whitespace around a field value is not part of it. */
    @ParameterizedTest(name = "Transfer-Encoding: [{0}]")
    @MethodSource("chunkedSpellings")
    void chunkedSpelledOddlyButValidIsAccepted(String value) throws Exception {
        int before = app.requests.get();
        try (RawHttpClient client = client(MAIN)) {
            client.send("POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding:" + value + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
            RawHttpClient.Response response = client.readResponse();
            assertThat(response.statusLine()).isEqualTo(OK);
            assertThat(response.body()).contains("method=POST").contains("body=5");
            assertThat(client.staysOpenAndQuiet(200)).as("keep-alive").isTrue();
        }
        assertThat(app.requests.get() - before).isEqualTo(1);
    }

    static Stream<String> chunkedSpellings() {
        return Stream.of(" Chunked", " CHUNKED", "  chunked", " chunked ", "\tchunked", "chunked");
    }

    // ---------------------------------------------------------------- header section (RFC 9112 §2, §5)

    static Stream<Arguments> headerSyntax() {
        String get = "GET /echo HTTP/1.1\r\n";
        return Stream.of(
                // §5.1: no whitespace between field name and colon; a server MUST reject with 400.
                arguments("space before colon", get + "Host : x\r\n\r\n"),
                arguments("tab before colon", get + HOST + "X-A\t: y\r\n\r\n"),
                arguments("space before colon on Transfer-Encoding",
                        "POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"),
                // §2.2: whitespace between the start-line and the first field line: reject (or ignore the line).
                arguments("first field line starts with space", get + " X-A: y\r\n" + HOST + "\r\n"),
                // §5.2: Netty joins a folded line with SP; a joined Host "x y" is invalid anyway. (Other folds
                // are refused by HeaderSectionGuard: BodyFramingHardeningTest.)
                arguments("folded Host", get + "Host: x\r\n y\r\n\r\n"),
                // RFC 9110 §5.5: field values hold no CTL but HTAB; §2.2: a bare CR is invalid.
                arguments("NUL in value", get + HOST + "X-A: a\0b\r\n\r\n"),
                arguments("bare CR in value", get + HOST + "X-A: a\rb\r\n\r\n"),
                arguments("bare LF in value", get + HOST + "X-A: a\nb\r\n\r\n"),
                arguments("DEL in value", get + HOST + "X-A: a\u007fb\r\n\r\n"),
                arguments("control character in value", get + HOST + "X-A: a\u0001b\r\n\r\n"),
                // RFC 9110 §5.1: field-name = token.
                arguments("empty field name", get + HOST + ": x\r\n\r\n"),
                arguments("field line without colon", get + HOST + "X-A\r\n\r\n"),
                arguments("non-token character in field name", get + HOST + "X(A): y\r\n\r\n"),
                // §2.2: lines end with CRLF; this proxy does not accept a bare LF (the RFC's MAY).
                arguments("bare LF line endings", "GET /echo HTTP/1.1\nHost: x\n\n"),
                arguments("bare LF ending the request line", "GET /echo HTTP/1.1\n" + HOST + "\r\n"),
                arguments("bare LF ending the header section", get + HOST + "\n"),
                arguments("CR CR LF ending a field line", get + "Host: x\r\r\n\r\n"),
                arguments("CR CR LF ending the request line", "GET /echo HTTP/1.1\r\r\n" + HOST + "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headerSyntax")
    void malformedHeaderSectionIs400(String name, String raw) throws Exception {
        assertRefused(MAIN, raw, BAD_REQUEST);
    }

    // ---------------------------------------------------------------- Host and target (RFC 9112 §3)

    static Stream<Arguments> hostAndTarget() {
        return Stream.of(
                // §3.2: an HTTP/1.1 request without Host, or with more than one, is a 400.
                arguments("no Host on HTTP/1.1", "GET /echo HTTP/1.1\r\n\r\n"),
                arguments("two Host lines", "GET /echo HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"),
                arguments("two Host lines, same value", "GET /echo HTTP/1.1\r\nHost: x\r\nHost: x\r\n\r\n"),
                arguments("Host list", "GET /echo HTTP/1.1\r\nHost: x, y\r\n\r\n"),
                // §3.2: an invalid field value is a 400.
                arguments("Host with space", "GET /echo HTTP/1.1\r\nHost: a b\r\n\r\n"),
                arguments("Host with slash", "GET /echo HTTP/1.1\r\nHost: x/y\r\n\r\n"),
                arguments("Host with userinfo", "GET /echo HTTP/1.1\r\nHost: u@x\r\n\r\n"),
                arguments("empty Host", "GET /echo HTTP/1.1\r\nHost:\r\n\r\n"),
                arguments("Host with non-numeric port", "GET /echo HTTP/1.1\r\nHost: x:abc\r\n\r\n"),
                arguments("Host with two ports", "GET /echo HTTP/1.1\r\nHost: x:1:2\r\n\r\n"),
                arguments("Host with stray bracket", "GET /echo HTTP/1.1\r\nHost: x]\r\n\r\n"),
                arguments("Host with unclosed IP literal", "GET /echo HTTP/1.1\r\nHost: [::1\r\n\r\n"),
                arguments("Host with empty IP literal", "GET /echo HTTP/1.1\r\nHost: []\r\n\r\n"),
                // §3.2.2 says the target's authority wins; this proxy refuses the disagreement outright.
                arguments("absolute-form authority differs from Host", "GET http://other/echo HTTP/1.1\r\n" + HOST + "\r\n"),
                arguments("absolute-form with userinfo", "GET http://u@x/echo HTTP/1.1\r\n" + HOST + "\r\n"),
                arguments("absolute-form without Host", "GET http://x/echo HTTP/1.1\r\n\r\n"),
                arguments("absolute-form with another scheme", "GET ftp://x/echo HTTP/1.1\r\n" + HOST + "\r\n"),
                // §3.2: a target is origin-form, absolute-form, or * for OPTIONS (authority-form is CONNECT's).
                arguments("target neither origin- nor absolute-form", "GET echo HTTP/1.1\r\n" + HOST + "\r\n"),
                arguments("asterisk target on GET", "GET * HTTP/1.1\r\n" + HOST + "\r\n"),
                // §3.2 / RFC 3986: a target is visible ASCII without '#'; anything else a later parser may
                // cut or decode differently (NUL truncation, HAProxy CVE-2023-45539 for '#').
                arguments("NUL in target", "GET /echo\0/admin HTTP/1.1\r\n" + HOST + "\r\n"),
                arguments("control character in target", "GET /echo\u0001 HTTP/1.1\r\n" + HOST + "\r\n"),
                arguments("DEL in target", "GET /echo\u007f HTTP/1.1\r\n" + HOST + "\r\n"),
                arguments("8-bit bytes in target", "GET /\u00c3\u00a9 HTTP/1.1\r\n" + HOST + "\r\n"),
                arguments("fragment in target", "GET /echo#frag HTTP/1.1\r\n" + HOST + "\r\n"),
                arguments("space in target", "GET /a b HTTP/1.1\r\n" + HOST + "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostAndTarget")
    void badHostOrTargetIs400(String name, String raw) throws Exception {
        assertRefused(MAIN, raw, BAD_REQUEST);
    }

    /** §3.2: Host is required of HTTP/1.1 only; an HTTP/1.0 request without one is answered, then closed. */
    @Test
    void http10WithoutHostIsAccepted() throws Exception {
        int before = app.requests.get();
        try (RawHttpClient client = client(MAIN)) {
            client.send("GET /echo HTTP/1.0\r\n\r\n");
            RawHttpClient.Response response = client.readResponse();
            assertThat(response.statusLine()).isEqualTo("HTTP/1.0 200 OK");
            assertThat(response.body()).contains("uri=/echo");
            assertThat(client.readToEof()).isEmpty();
        }
        assertThat(app.requests.get() - before).isEqualTo(1);
    }

    @Test
    void validHostFormsAreAccepted() throws Exception {
        for (String host : new String[] {"x", "x:8080", "x:", "127.0.0.1:1", "[::1]", "[::1]:8080", "EXAMPLE.com."}) {
            int before = app.requests.get();
            try (RawHttpClient client = client(MAIN)) {
                client.send("GET /echo HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
                RawHttpClient.Response response = client.readResponse();
                assertThat(response.statusLine()).as(host).isEqualTo(OK);
                assertThat(response.body()).as(host).contains("h:host=" + host + "\n");
            }
            assertThat(app.requests.get() - before).as(host).isEqualTo(1);
        }
    }

    /** §3.2.2: an absolute-form target whose authority is the Host goes on, in origin-form. */
    @Test
    void absoluteFormMatchingHostIsAccepted() throws Exception {
        int before = app.requests.get();
        try (RawHttpClient client = client(MAIN)) {
            client.send("GET http://x/echo?q=1 HTTP/1.1\r\n" + HOST + "\r\n");
            RawHttpClient.Response response = client.readResponse();
            assertThat(response.statusLine()).isEqualTo(OK);
            assertThat(response.body()).contains("uri=/echo?q=1\n").contains("h:host=x\n");
        }
        assertThat(app.requests.get() - before).isEqualTo(1);
    }

    /** The characters RFC 3986 allows in a path and query, all of them, still reach the upstream unchanged. */
    @Test
    void targetWithEveryAllowedCharacterIsAccepted() throws Exception {
        String target = "/echo/AZaz09-._~%20!$&'()*+,;=:@/?q=a/b?c%2F";
        try (RawHttpClient client = client(MAIN)) {
            client.send("GET " + target + " HTTP/1.1\r\n" + HOST + "\r\n");
            RawHttpClient.Response response = client.readResponse();
            assertThat(response.statusLine()).isEqualTo(OK);
            assertThat(response.body()).contains("uri=" + target + "\n");
        }
    }

    // ---------------------------------------------------------------- request line and version

    static Stream<Arguments> requestLine() {
        return Stream.of(
                // RFC 9110 §9.1: method = token.
                arguments("method with non-token character", "G(T /echo HTTP/1.1\r\n" + HOST + "\r\n", BAD_REQUEST),
                arguments("method with NUL", "GE\0T /echo HTTP/1.1\r\n" + HOST + "\r\n", BAD_REQUEST),
                // §2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT; anything else is not HTTP/1.x syntax: 400.
                arguments("FOO/1.1", "GET /echo FOO/1.1\r\n" + HOST + "\r\n", BAD_REQUEST),
                arguments("HTTP/1.10", "GET /echo HTTP/1.10\r\n" + HOST + "\r\n", BAD_REQUEST),
                arguments("HTTP/3", "GET /echo HTTP/3\r\n" + HOST + "\r\n", BAD_REQUEST),
                arguments("no version (HTTP/0.9)", "GET /echo\r\n" + HOST + "\r\n", BAD_REQUEST),
                arguments("trailing space after version", "GET /echo HTTP/1.1 \r\n" + HOST + "\r\n", BAD_REQUEST),
                // RFC 9110 §15.6.6: well-formed, but a major version this codec does not speak: 505.
                arguments("HTTP/2.0", "GET /echo HTTP/2.0\r\n" + HOST + "\r\n", VERSION_NOT_SUPPORTED),
                arguments("HTTP/2 prior-knowledge preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", VERSION_NOT_SUPPORTED),
                // §3.2: CONNECT's authority-form is not served by a reverse proxy.
                arguments("CONNECT", "CONNECT x:443 HTTP/1.1\r\n" + HOST + "\r\n", "HTTP/1.1 405 Method Not Allowed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestLine")
    void malformedRequestLineIsRefused(String name, String raw, String status) throws Exception {
        assertRefused(MAIN, raw, status);
    }

    /**
     * RFC 9110 §2.5: a higher minor version of a major version the recipient implements is processed as the
     * highest minor version it conforms to. HTTP/1.2 is valid HTTP/1.x: it goes on as HTTP/1.1.
     */
    @Test
    void http12IsTreatedAsHttp11() throws Exception {
        int before = app.requests.get();
        try (RawHttpClient client = client(MAIN)) {
            client.send("GET /echo HTTP/1.2\r\n" + HOST + "\r\n");
            assertThat(client.readResponse().statusLine()).isEqualTo(OK);
        }
        assertThat(app.requests.get() - before).isEqualTo(1);
    }

    // ---------------------------------------------------------------- limits

    @Test
    void requestLineOverTheDefaultLimitIs414() throws Exception {
        assertRefused(MAIN, "GET /" + "a".repeat(9 * 1024) + " HTTP/1.1\r\n" + HOST + "\r\n", URI_TOO_LONG);
    }

    @Test
    void requestLineOverAConfiguredLimitIs414() throws Exception {
        assertRefused(SMALL, "GET /" + "a".repeat(1100) + " HTTP/1.1\r\n" + HOST + "\r\n", URI_TOO_LONG);
        // Under that limit the same listener answers.
        try (RawHttpClient client = client(SMALL)) {
            client.send("GET /echo/" + "a".repeat(900) + " HTTP/1.1\r\n" + HOST + "\r\n");
            assertThat(client.readResponse().statusLine()).isEqualTo(OK);
        }
    }

    @Test
    void headerSectionOverTheDefaultLimitIs431() throws Exception {
        assertRefused(MAIN, "GET /echo HTTP/1.1\r\n" + HOST + "X-Big: " + "b".repeat(17 * 1024) + "\r\n\r\n", HEADERS_TOO_LARGE);
        assertRefused(MAIN, "GET /echo HTTP/1.1\r\n" + HOST + ("X-Many: " + "m".repeat(60) + "\r\n").repeat(300) + "\r\n",
                HEADERS_TOO_LARGE);
    }

    @Test
    void headerSectionOverAConfiguredLimitIs431() throws Exception {
        assertRefused(SMALL, "GET /echo HTTP/1.1\r\n" + HOST + "X-Big: " + "b".repeat(1500) + "\r\n\r\n", HEADERS_TOO_LARGE);
    }

    /** Slowloris: part of a header section, then nothing. The header timeout answers 408 and closes. */
    @Test
    void incompleteHeaderSectionTimesOutWith408() throws Exception {
        int before = app.requests.get();
        try (RawHttpClient client = client(SLOW)) {
            client.send("GET /echo HTTP/1.1\r\n" + HOST);
            RawHttpClient.Response response = client.readResponse();
            assertThat(response).as("an answer within the socket timeout").isNotNull();
            assertThat(response.statusLine()).isEqualTo(REQUEST_TIMEOUT);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(client.readToEof()).isEmpty();
        }
        assertThat(app.requests.get() - before).isZero();
    }

    /** A connection that never sends a byte is closed when the header timeout ends, without an answer. */
    @Test
    void silentConnectionIsClosedWithoutAnswer() throws Exception {
        try (RawHttpClient client = client(SLOW)) {
            assertThat(client.readToEof()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- smuggling

    /** The classic CL.TE attempt: a front end using Content-Length would leave "G" to start the next request. */
    @Test
    void contentLengthWithChunkedSmugglingIs400() throws Exception {
        assertRefused(MAIN, "POST /echo HTTP/1.1\r\n" + HOST
                + "Content-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nG", BAD_REQUEST);
    }

    /** TE.CL: a back end using Content-Length would see the chunk's data as a second request. */
    @Test
    void chunkedWithContentLengthSmugglingIs400() throws Exception {
        String smuggled = "GET /smuggled HTTP/1.1\r\n" + HOST + "\r\n";
        assertRefused(MAIN, "POST /echo HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                + Integer.toHexString(smuggled.length()) + "\r\n" + smuggled + "\r\n0\r\n\r\n", BAD_REQUEST);
    }

    /** A request refused mid-pipeline: the ones before it are answered, nothing after it is read. */
    @Test
    void pipelinedRequestAfterARefusedOneIsNeverForwarded() throws Exception {
        int before = app.requests.get();
        try (RawHttpClient client = client(MAIN)) {
            client.send("GET /echo?n=1 HTTP/1.1\r\n" + HOST + "\r\n"
                    + "POST /echo HTTP/1.1\r\n" + HOST + "Content-Length: 3\r\nContent-Length: 30\r\n\r\nabc"
                    + "GET /echo?n=3 HTTP/1.1\r\n" + HOST + "\r\n");
            RawHttpClient.Response first = client.readResponse();
            assertThat(first.statusLine()).isEqualTo(OK);
            assertThat(first.body()).contains("uri=/echo?n=1\n");
            RawHttpClient.Response second = client.readResponse();
            assertThat(second.statusLine()).isEqualTo(BAD_REQUEST);
            assertThat(client.readToEof()).isEmpty();
        }
        Thread.sleep(100);
        assertThat(app.requests.get() - before).isEqualTo(1);
    }

    // ---------------------------------------------------------------- positive controls

    @Test
    void keepAliveGetsAreAnsweredOnOneConnection() throws Exception {
        int before = app.requests.get();
        try (RawHttpClient client = client(MAIN)) {
            for (int i = 1; i <= 3; i++) {
                client.send("GET /echo?n=" + i + " HTTP/1.1\r\n" + HOST + "\r\n");
                RawHttpClient.Response response = client.readResponse();
                assertThat(response.statusLine()).isEqualTo(OK);
                assertThat(response.body()).contains("uri=/echo?n=" + i + "\n");
                assertThat(response.header("connection")).isNull();
            }
            assertThat(client.staysOpenAndQuiet(200)).isTrue();
        }
        assertThat(app.requests.get() - before).isEqualTo(3);
    }

    @Test
    void chunkedPostReachesTheUpstream() throws Exception {
        int before = app.requests.get();
        try (RawHttpClient client = client(MAIN)) {
            client.send(CHUNKED_POST + "5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n");
            RawHttpClient.Response response = client.readResponse();
            assertThat(response.statusLine()).isEqualTo(OK);
            assertThat(response.body()).contains("method=POST").contains("body=11\n");
            // The connection carries on after a chunked body.
            client.send("GET /echo?after HTTP/1.1\r\n" + HOST + "\r\n");
            assertThat(client.readResponse().body()).contains("uri=/echo?after\n");
        }
        assertThat(app.requests.get() - before).isEqualTo(2);
    }

    @Test
    void pipelinedGetsAreAnsweredInOrder() throws Exception {
        int before = app.requests.get();
        try (RawHttpClient client = client(MAIN)) {
            client.send("GET /echo?n=1 HTTP/1.1\r\n" + HOST + "\r\nGET /echo?n=2 HTTP/1.1\r\n" + HOST + "\r\n");
            RawHttpClient.Response first = client.readResponse();
            RawHttpClient.Response second = client.readResponse();
            assertThat(first.statusLine()).isEqualTo(OK);
            assertThat(first.body()).contains("uri=/echo?n=1\n");
            assertThat(second.statusLine()).isEqualTo(OK);
            assertThat(second.body()).contains("uri=/echo?n=2\n");
        }
        assertThat(app.requests.get() - before).isEqualTo(2);
    }

    /**
     * Body bytes that look like a header section or a folded line are body, not framing: a Content-Length
     * body and a chunked body full of CRLF, SP and request lines, each followed by a pipelined request.
     */
    @Test
    void bodiesThatLookLikeHeadersAreJustBodies() throws Exception {
        String tricky = "x\r\n y\r\n\tz\r\nGET /fake HTTP/1.1\r\nHost: x\r\n\r\n";
        int before = app.requests.get();
        try (RawHttpClient client = client(MAIN)) {
            client.send("POST /echo?n=1 HTTP/1.1\r\n" + HOST + "Content-Length: " + tricky.length() + "\r\n\r\n" + tricky
                    + "POST /echo?n=2 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(tricky.length()) + "\r\n" + tricky + "\r\n0\r\n\r\n"
                    + "GET /echo?n=3 HTTP/1.1\r\n" + HOST + "\r\n");
            for (int n = 1; n <= 3; n++) {
                RawHttpClient.Response response = client.readResponse();
                assertThat(response.statusLine()).isEqualTo(OK);
                assertThat(response.body()).contains("uri=/echo?n=" + n + "\n")
                        .contains("body=" + (n < 3 ? tricky.length() : 0) + "\n");
            }
        }
        assertThat(app.requests.get() - before).isEqualTo(3);
    }

    // ---------------------------------------------------------------- helpers

    static RawHttpClient client(int listener) throws Exception {
        return new RawHttpClient(URI.create(proxy.url(listener)).getPort(), 5000);
    }

    /**
     * Sends {@code raw} alone on a new connection and checks the three things every refusal must do: answer
     * with exactly {@code status}, say and do {@code Connection: close}, and forward nothing upstream.
     */
    static void assertRefused(int listener, String raw, String status) throws Exception {
        int before = app.requests.get();
        int bytesBefore = app.received.length();
        try (RawHttpClient client = client(listener)) {
            client.send(raw);
            RawHttpClient.Response response = client.readResponse();
            assertThat(response).as("an answer before the connection closed").isNotNull();
            assertThat(response.statusLine()).isEqualTo(status);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(client.readToEof()).as("nothing after the refusal").isEmpty();
        }
        // A forwarded request would have reached the upstream before the answer; give a late one a moment.
        Thread.sleep(20);
        assertThat(app.requests.get() - before).as("requests the upstream received").isZero();
        assertThat(app.received.substring(bytesBefore)).as("bytes the upstream received").isEmpty();
    }
}
