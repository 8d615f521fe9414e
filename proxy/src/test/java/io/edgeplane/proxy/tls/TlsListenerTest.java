package io.edgeplane.proxy.tls;

import static io.edgeplane.proxy.tls.TestPki.KeyFormat.PKCS8;
import static io.edgeplane.proxy.tls.TestPki.KeyFormat.TRADITIONAL;
import static io.edgeplane.proxy.tls.TestPki.KeyType.EC;
import static io.edgeplane.proxy.tls.TestPki.KeyType.RSA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.proxy.TlsConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Executors;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One TLS listener on a bare Netty server, with each provider: SNI choice, groups and TLS 1.2 suites as
 * configured, file reloads (good and broken) and the expiry meter, without the HTTP proxy around it.
 */
class TlsListenerTest {

    static TestPki pki;

    @TempDir
    Path dir;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TlsListener listener;

    @BeforeAll
    static void pki() throws Exception {
        pki = new TestPki("Listener Root");
    }

    @AfterEach
    void stop() {
        if (listener != null) {
            listener.close();
        }
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private int serve(TlsListener tls) throws InterruptedException {
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(tls.newHandler(Duration.ofSeconds(5)), new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                                ctx.writeAndFlush(Unpooled.copiedBuffer("hello\n", StandardCharsets.US_ASCII))
                                        .addListener(ChannelFutureListener.CLOSE);
                            }

                            @Override
                            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                                ctx.close(); // a refused handshake, which the test asks for
                            }
                        });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** A new client's handshake with {@code sni}: the certificate, protocol and suite it got, after one exchange. */
    private static SSLSocket handshake(int port, String sni, String protocol, String... suites) throws Exception {
        SSLContext context = pki.clientContext(null);
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
        socket.setSoTimeout(5000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(sni)));
        parameters.setProtocols(new String[] {protocol});
        if (suites.length > 0) {
            parameters.setCipherSuites(suites);
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        socket.getOutputStream().write('x');
        assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello\n");
        return socket;
    }

    private static String subject(SSLSocket socket) throws Exception {
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSubjectX500Principal().getName();
    }

    private static TlsConfig config(String yaml) throws Exception {
        return new io.edgeplane.config.ConfigLoader(io.edgeplane.config.Variables.of(java.util.Map.of())).parse("t.yaml", """
                proxy:
                  listeners:
                    - name: t
                      listen: 127.0.0.1:0
                      tls: %s
                      routes: [{ respond: { status: 200 } }]
                """.formatted(yaml)).proxy().orElseThrow().listeners().getFirst().tls().orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void servesBySniWithTheConfiguredSuitesAndReloadsFiles(TlsProvider provider) throws Exception {
        Assumptions.assumeTrue(provider == TlsProvider.JDK || OpenSsl.isAvailable(), "BoringSSL does not load here");
        Path site = dir.resolve("site.pem");
        TestPki.writeBundle(dir.resolve("a-default.pem"), pki.leaf(EC, pki.root(), "default.test"), PKCS8);
        TestPki.writeBundle(site, pki.leaf(RSA, pki.root(), "site.test", "*.site.test"), TRADITIONAL);
        Instant now = Instant.now();
        TlsConfig config = config("{ certificates: " + dir + ", ciphers: [ECDHE-RSA-AES256-GCM-SHA384, ECDHE-ECDSA-AES256-GCM-SHA384],"
                + " groups: [P-256, X25519], watch_interval: 0s }");
        listener = TlsListener.prepare("t", config, List.of(), provider, AlpnProtocols.HTTP1_ONLY, registry, Executors.newVirtualThreadPerTaskExecutor(),
                Clock.fixed(now, ZoneOffset.UTC));
        listener.start();
        int port = serve(listener);

        try (SSLSocket socket = handshake(port, "www.site.test", "TLSv1.2")) {
            assertThat(subject(socket)).isEqualTo("CN=site.test");
            assertThat(socket.getSession().getCipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
        }
        assertThatThrownBy(() -> handshake(port, "site.test", "TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
                .isInstanceOf(java.io.IOException.class);
        try (SSLSocket socket = handshake(port, "other.test", "TLSv1.3")) {
            assertThat(subject(socket)).isEqualTo("CN=default.test");
        }
        assertThat(registry.get("edgeplane.proxy.tls.certificate.expiry.days").tags("subject", "site.test").gauge().value())
                .isBetween(89.9, 90.1);

        TestPki.writeBundle(site, pki.leaf(EC, pki.root(), "renewed.test", "site.test"), PKCS8);
        listener.checkFiles();
        try (SSLSocket socket = handshake(port, "site.test", "TLSv1.3")) {
            assertThat(subject(socket)).isEqualTo("CN=renewed.test");
        }
        assertThat(registry.find("edgeplane.proxy.tls.certificate.expiry.days").tags("subject", "site.test").gauge()).isNull();
        assertThat(registry.get("edgeplane.proxy.tls.certificate.expiry.days").tags("subject", "renewed.test").gauge()).isNotNull();

        TestPki.write(site, "-----BEGIN CERTIFICATE-----\nbroken\n-----END CERTIFICATE-----\n");
        listener.checkFiles();
        try (SSLSocket socket = handshake(port, "site.test", "TLSv1.3")) {
            assertThat(subject(socket)).isEqualTo("CN=renewed.test");
        }

        listener.close();
        assertThat(registry.find("edgeplane.proxy.tls.certificate.expiry.days").gauges()).isEmpty();
        assertThat(registry.find("edgeplane.proxy.tls.handshake.failures").counters()).isEmpty();
    }
}
