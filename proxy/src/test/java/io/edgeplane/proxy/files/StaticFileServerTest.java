package io.edgeplane.proxy.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.proxy.FilesConfig;
import io.edgeplane.proxy.http.HeaderEdits;
import io.edgeplane.proxy.http.RequestContext;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A real Netty server on loopback answering through {@link StaticFileServer}, asked by real clients. */
class StaticFileServerTest {

    private static final String HELLO = "hello, static world\n";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

    @TempDir
    static Path tmp;
    static byte[] big;
    static EventLoopGroup group;
    static ExecutorService blocking;
    static Channel server;
    static HttpClient client;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("www"));
        Files.writeString(root.resolve("hello.txt"), HELLO);
        Files.createDirectory(root.resolve("dir"));
        Files.writeString(root.resolve("dir/index.html"), "<p>index</p>");
        Files.writeString(tmp.resolve("secret.txt"), "TOP SECRET");
        Files.createSymbolicLink(root.resolve("escape-link.txt"), tmp.resolve("secret.txt"));
        big = new byte[5 * 1024 * 1024 + 17];
        new Random(42).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);

        group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        blocking = Executors.newVirtualThreadPerTaskExecutor();
        StaticFileServer files = new StaticFileServer(new FilesConfig(root.toString(), List.of("index.html")),
                blocking, CLOCK);
        server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new FilesHandler(files));
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        base = "http://127.0.0.1:" + port();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        if (group != null) {
            group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (blocking != null) {
            blocking.shutdown();
        }
    }

    /** What the proxy's connection handler will do: one request at a time, a "/static" prefix stripped. */
    private static final class FilesHandler extends ChannelInboundHandlerAdapter {
        private final StaticFileServer files;

        FilesHandler(StaticFileServer files) {
            this.files = files;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                RequestContext context = new RequestContext(request, (InetSocketAddress) ctx.channel().remoteAddress(),
                        (InetSocketAddress) ctx.channel().localAddress(), "http", "test", "node");
                String path = context.path().startsWith("/static/") ? context.path().substring(7) : context.path();
                files.serve(ctx, context, path, HttpUtil.isKeepAlive(request), HeaderEdits.NONE, reusable -> {
                    if (!reusable) {
                        ctx.close();
                    }
                });
            }
            ReferenceCountUtil.release(msg);
        }
    }

    @Test
    void getServesTheFileWithItsHeaders() throws Exception {
        HttpResponse<String> response = get("/hello.txt", Map.of());
        Path file = tmp.resolve("www/hello.txt");
        StaticFile expected = StaticFile.of(HELLO.length(), Files.getLastModifiedTime(file).toMillis(), "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(HELLO);
        assertThat(header(response, "content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(header(response, "content-length")).isEqualTo(Integer.toString(HELLO.length()));
        assertThat(header(response, "etag")).isEqualTo(expected.etag());
        assertThat(header(response, "last-modified")).isEqualTo(expected.lastModifiedHttpDate());
        assertThat(header(response, "accept-ranges")).isEqualTo("bytes");
        assertThat(header(response, "date")).isEqualTo("Thu, 02 Jan 2025 03:04:05 GMT");
    }

    @Test
    void headHasTheHeadersButNoBody() throws Exception {
        HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/hello.txt"))
                .HEAD().timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "content-length")).isEqualTo(Integer.toString(HELLO.length()));
        assertThat(header(response, "etag")).isNotNull();
    }

    @Test
    void ifNoneMatchGivesNotModified() throws Exception {
        String etag = header(get("/hello.txt", Map.of()), "etag");
        HttpResponse<String> response = get("/hello.txt", Map.of("If-None-Match", "\"x\", " + etag));
        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "etag")).isEqualTo(etag);
        assertThat(header(response, "last-modified")).isNotNull();
    }

    @Test
    void ifModifiedSinceGivesNotModified() throws Exception {
        String lastModified = header(get("/hello.txt", Map.of()), "last-modified");
        HttpResponse<String> response = get("/hello.txt", Map.of("If-Modified-Since", lastModified));
        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        HttpResponse<String> stale = get("/hello.txt", Map.of("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"));
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(HELLO);
    }

    @Test
    void rangeGivesPartialContent() throws Exception {
        HttpResponse<String> response = get("/hello.txt", Map.of("Range", "bytes=7-12"));
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.body()).isEqualTo("static");
        assertThat(header(response, "content-range")).isEqualTo("bytes 7-12/" + HELLO.length());

        HttpResponse<String> suffix = get("/hello.txt", Map.of("Range", "bytes=-6"));
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo("world\n");
    }

    @Test
    void unsatisfiableRangeIs416() throws Exception {
        HttpResponse<String> response = get("/hello.txt", Map.of("Range", "bytes=1000-"));
        assertThat(response.statusCode()).isEqualTo(416);
        assertThat(header(response, "content-range")).isEqualTo("bytes */" + HELLO.length());
    }

    @Test
    void directoryWithoutSlashIsRedirectedKeepingTheQuery() throws Exception {
        HttpResponse<String> response = get("/dir?lang=en", Map.of());
        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(header(response, "location")).isEqualTo("/dir/?lang=en");

        HttpResponse<String> index = get("/dir/", Map.of());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo("<p>index</p>");
        assertThat(header(index, "content-type")).isEqualTo("text/html; charset=utf-8");
    }

    @Test
    void redirectUsesThePathTheClientSent() throws Exception {
        HttpResponse<String> response = get("/static/dir", Map.of());
        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(header(response, "location")).isEqualTo("/static/dir/");
        assertThat(get("/static/hello.txt", Map.of()).body()).isEqualTo(HELLO);
    }

    @Test
    void redirectCannotBecomeProtocolRelative() throws IOException {
        RawResponse response = rawExchange("GET //dir HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).isEqualTo(301);
        assertThat(response.headers().get("location")).isEqualTo("/dir/");
    }

    @Test
    void directoryLocation() {
        assertThat(StaticFileServer.directoryLocation("/dir", null)).isEqualTo("/dir/");
        assertThat(StaticFileServer.directoryLocation("/a/b", "x=1&y")).isEqualTo("/a/b/?x=1&y");
        assertThat(StaticFileServer.directoryLocation("//evil.example/dir", null)).isEqualTo("/evil.example/dir/");
        assertThat(StaticFileServer.directoryLocation("///evil.example", "q")).isEqualTo("/evil.example/?q");
        // Already ends with '/': a rewrite removed it, and redirecting would loop.
        assertThat(StaticFileServer.directoryLocation("/dir/", null)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2E%2E%2Fsecret.txt",
            "/dir/../../secret.txt", "/escape-link.txt", "/%252e%252e/secret.txt", "/missing.txt"})
    void traversalAttemptsAreNotFound(String target) throws IOException {
        RawResponse response = rawExchange("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("SECRET");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/hello.txt%00.html", "/..\\secret.txt", "/..%5csecret.txt", "/%c0%ae%c0%ae/secret.txt"})
    void malformedPathsAreBadRequests(String target) throws IOException {
        RawResponse response = rawExchange("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("SECRET");
    }

    @Test
    void postIsNotAllowed() throws Exception {
        HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/hello.txt"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("data")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(header(response, "allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void keepAliveCarriesSeveralRequestsOnOneConnection() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawResponse first = RawResponse.read(in, false);
            out.write("GET /dir/ HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawResponse second = RawResponse.read(in, false);
            out.write("HEAD /hello.txt HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawResponse third = RawResponse.read(in, true);
            out.write("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawResponse fourth = RawResponse.read(in, false);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body()).isEqualTo(HELLO);
            assertThat(first.headers()).doesNotContainKey("connection");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("<p>index</p>");
            assertThat(third.status()).isEqualTo(200);
            assertThat(third.headers().get("content-length")).isEqualTo(Integer.toString(HELLO.length()));
            assertThat(fourth.status()).isEqualTo(404);
        }
    }

    @Test
    void http10KeepAliveIsSaidAndCloseIsDone() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write("GET /hello.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawResponse first = RawResponse.read(in, false);
            assertThat(first.statusLine()).startsWith("HTTP/1.0 200");
            assertThat(first.headers().get("connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(first.body()).isEqualTo(HELLO);

            out.write("GET /hello.txt HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawResponse second = RawResponse.read(in, false);
            assertThat(second.headers().get("connection")).isEqualToIgnoringCase("close");
            assertThat(second.body()).isEqualTo(HELLO);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void bigFileArrivesIntact() throws Exception {
        HttpResponse<byte[]> response = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/big.bin"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(response.body()).isEqualTo(big);

        HttpResponse<byte[]> middle = client.send(java.net.http.HttpRequest.newBuilder(URI.create(base + "/big.bin"))
                .header("Range", "bytes=1000000-3999999").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(java.util.Arrays.copyOfRange(big, 1_000_000, 4_000_000));
    }

    private static int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private static HttpResponse<String> get(String path, Map<String, String> headers) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static RawResponse rawExchange(String request) throws IOException {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return RawResponse.read(socket.getInputStream(), false);
        }
    }

    /** One response read off a socket by its Content-Length. */
    private record RawResponse(String statusLine, Map<String, String> headers, String body) {

        int status() {
            return Integer.parseInt(statusLine.split(" ")[1]);
        }

        static RawResponse read(InputStream in, boolean head) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            String statusLine = null;
            Map<String, String> headers = new LinkedHashMap<>();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed inside a response head");
                }
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                String text = line.toString(StandardCharsets.ISO_8859_1).strip();
                line.reset();
                if (text.isEmpty()) {
                    break;
                }
                if (statusLine == null) {
                    statusLine = text;
                } else {
                    int colon = text.indexOf(':');
                    headers.put(text.substring(0, colon).strip().toLowerCase(Locale.ROOT), text.substring(colon + 1).strip());
                }
            }
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            int length = head || status == 304 ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            return new RawResponse(statusLine, headers, new String(body, StandardCharsets.UTF_8));
        }
    }
}
