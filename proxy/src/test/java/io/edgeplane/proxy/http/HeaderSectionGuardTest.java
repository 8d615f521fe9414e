package io.edgeplane.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The guard against the decoder it guards: folded header sections are refused, and every other byte
 * stream, split any way, decodes exactly as it does without the guard.
 */
class HeaderSectionGuardTest {

    private static final String HOST = "Host: x\r\n";

    @Test
    void foldedFieldLineIsRefusedAndNothingAfterItIsDecoded() {
        for (String fold : new String[] {" ", "\t", "  \t"}) {
            String stream = "GET /a HTTP/1.1\r\n" + HOST + "X-A: a\r\n" + fold + "b\r\n\r\nGET /b HTTP/1.1\r\n" + HOST + "\r\n";
            assertThat(guarded(stream, 0)).as("fold %s", fold.replace("\t", "\\t"))
                    .singleElement().asString().startsWith("FAILED obsolete line folding");
        }
    }

    @Test
    void foldIsFoundAcrossReadsAndAfterEarlierRequests() {
        String body = "x\r\n y\r\n\tz\r\n\r\nGET /fake HTTP/1.1\r\n X: y\r\n\r\n";
        String stream = "POST /1 HTTP/1.1\r\n" + HOST + "Content-Length: " + body.length() + "\r\n\r\n" + body
                + "POST /2 HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.length()) + ";e=1\r\n" + body + "\r\n0\r\nT: 1\r\n\r\n"
                + "GET /3 HTTP/1.1\r\n" + HOST + "X-A: a\r\n b\r\n\r\n";
        for (int piece : new int[] {0, 1, 2, 3, 7, 64}) {
            List<String> out = guarded(stream, piece);
            assertThat(out).as("pieces of %d", piece).hasSize(5);
            assertThat(out.get(0)).startsWith("REQUEST POST /1");
            assertThat(out.get(1)).isEqualTo("BODY " + body.length() + " LAST");
            assertThat(out.get(2)).startsWith("REQUEST POST /2");
            assertThat(out.get(3)).isEqualTo("BODY " + body.length() + " LAST [T=1]");
            assertThat(out.get(4)).startsWith("FAILED obsolete line folding");
        }
    }


    @Test
    void wellFormedStreamsDecodeAsWithoutTheGuard() {
        Random random = new Random(9112);
        for (int round = 0; round < 2000; round++) {
            String stream = randomStream(random);
            int piece = random.nextInt(4) == 0 ? 1 : 1 + random.nextInt(200);
            List<String> plain = plain(stream, piece);
            assertThat(guarded(stream, piece)).as("round %d, pieces of %d:%n%s", round, piece, stream).isEqualTo(plain);
            assertThat(plain).as("round %d", round).noneMatch(line -> line.startsWith("FAILED"));
        }
    }

    /**
     * Damaged streams: where the decoder alone refuses, the guard does not get in its way; where it would
     * unfold, the guard refuses instead; and the guard never decodes a request the decoder alone would not.
     */
    @Test
    void damagedStreamsAreNeverReadDifferently() {
        Random random = new Random(7230);
        String noise = " \t\r\n:;0aZ-";
        int refused = 0;
        for (int round = 0; round < 4000; round++) {
            StringBuilder stream = new StringBuilder(randomStream(random));
            for (int i = 0, damage = 1 + random.nextInt(3); i < damage; i++) {
                int at = random.nextInt(stream.length());
                char c = noise.charAt(random.nextInt(noise.length()));
                switch (random.nextInt(3)) {
                    case 0 -> stream.setCharAt(at, c);
                    case 1 -> stream.insert(at, c);
                    default -> stream.deleteCharAt(at);
                }
            }
            int piece = 1 + random.nextInt(100);
            List<String> plain = plain(stream.toString(), piece);
            List<String> guarded = guarded(stream.toString(), piece);
            if (guarded.equals(plain)) {
                continue;
            }
            // Differs only by refusing a fold: the same messages up to a request (or up to where the decoder
            // alone still waits for the end of a header section), then the refusal.
            refused++;
            String last = guarded.getLast();
            assertThat(last).as("round %d:%n%s%nplain %s%nguarded %s", round, stream, plain, guarded)
                    .startsWith("FAILED obsolete line folding");
            List<String> before = guarded.subList(0, guarded.size() - 1);
            assertThat(plain.size()).as("round %d", round).isGreaterThanOrEqualTo(before.size());
            assertThat(plain.subList(0, before.size())).as("round %d", round).isEqualTo(before);
            if (plain.size() > before.size()) {
                assertThat(plain.get(before.size())).as("round %d", round).matches("(?s)REQUEST .*|FAILED .*");
            }
        }
        assertThat(refused).as("some damage made a fold").isPositive();
    }

    // ---------------------------------------------------------------- helpers

    private static String randomStream(Random random) {
        StringBuilder stream = new StringBuilder();
        for (int i = 0, requests = 1 + random.nextInt(4); i < requests; i++) {
            if (random.nextInt(5) == 0) {
                stream.append("\r\n");
            }
            int framing = random.nextInt(3);
            stream.append(framing == 0 ? "GET" : "POST").append(" /r").append(i).append("?q=").append(random.nextInt(100))
                    .append(" HTTP/1.1\r\n").append(HOST);
            for (int h = random.nextInt(4); h > 0; h--) {
                stream.append("X-").append(h).append(":").append(random.nextBoolean() ? " " : "")
                        .append(text(random, 12, "ab c\t:")).append("\r\n");
            }
            String body = text(random, 300, "ab \t\r\n:GET / HTTP/1.1");
            if (framing == 1) {
                stream.append("Content-Length: ").append(body.length()).append("\r\n\r\n").append(body);
            } else if (framing == 2) {
                stream.append("Transfer-Encoding: ").append(random.nextBoolean() ? "chunked" : "Chunked").append("\r\n\r\n");
                int at = 0;
                while (at < body.length()) {
                    int size = 1 + random.nextInt(body.length() - at);
                    String hex = Integer.toHexString(size);
                    stream.append(random.nextBoolean() ? hex : "00" + hex.toUpperCase())
                            .append(random.nextBoolean() ? ";ext=v" : "").append("\r\n")
                            .append(body, at, at + size).append("\r\n");
                    at += size;
                }
                stream.append("0\r\n");
                if (random.nextBoolean()) {
                    stream.append("X-Trailer: t\r\n");
                }
                stream.append("\r\n");
            } else {
                stream.append("\r\n");
            }
        }
        return stream.toString();
    }

    private static String text(Random random, int maxLength, String alphabet) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(maxLength + 1); i > 0; i--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }

    private static HttpDecoderConfig config() {
        // As ProxyService configures it.
        return new HttpDecoderConfig()
                .setMaxInitialLineLength(8192)
                .setMaxHeaderSize(16384)
                .setMaxChunkSize(64 * 1024)
                .setStrictLineParsing(true)
                .setUseRfc9112TransferEncoding(true)
                .setAllowDuplicateContentLengths(false)
                .setValidateHeaders(true);
    }

    private static List<String> plain(String stream, int piece) {
        return decode(stream, piece, new HttpRequestDecoder(config()));
    }

    private static List<String> guarded(String stream, int piece) {
        GuardedRequestDecoder decoder = new GuardedRequestDecoder(config(), () -> { });
        return decode(stream, piece, decoder, decoder.guard().decodedHandler());
    }

    /**
     * Writes {@code stream} in pieces of {@code piece} bytes (0: at once) and describes what comes out, one
     * line per head and one per body (its length and trailers, however it was cut into contents).
     */
    private static List<String> decode(String stream, int piece, ChannelHandler... handlers) {
        EmbeddedChannel channel = new EmbeddedChannel(handlers);
        byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
        int step = piece == 0 ? bytes.length : piece;
        for (int at = 0; at < bytes.length && channel.isActive(); at += step) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, at, Math.min(step, bytes.length - at)));
        }
        List<String> out = new ArrayList<>();
        long body = -1;
        Object msg;
        while ((msg = channel.readInbound()) != null) {
            try {
                HttpObject object = (HttpObject) msg;
                if (object.decoderResult().isFailure()) {
                    out.add("FAILED " + object.decoderResult().cause().getMessage());
                    body = -1;
                    continue;
                }
                if (msg instanceof HttpRequest request) {
                    out.add("REQUEST " + request.method() + " " + request.uri() + " " + request.protocolVersion() + " "
                            + request.headers().entries());
                    body = 0;
                }
                if (msg instanceof HttpContent content) {
                    body += content.content().readableBytes();
                    if (msg instanceof LastHttpContent last) {
                        if (body > 0 || !last.trailingHeaders().isEmpty()) {
                            List<Map.Entry<String, String>> trailers = last.trailingHeaders().entries();
                            out.add("BODY " + body + " LAST" + (trailers.isEmpty() ? "" : " " + trailers));
                        }
                        body = -1;
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }
        if (!channel.isActive()) {
            out.add("CLOSED");
        }
        channel.finishAndReleaseAll();
        return out;
    }
}
