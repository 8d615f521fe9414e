package io.edgeplane.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.core.transport.EventLoops;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forwarding to a real unbound on loopback, started by the test with a static zone (and the root refused, so
 * nothing ever leaves the machine): answers, the cache counting TTLs down, negative caching, TCP, the policies
 * that never forward, and spoofed replies from the wrong port or with the wrong ID ignored.
 */
class UnboundForwardInteropTest {

    private static final Pattern TTL = Pattern.compile("www\\.corp\\.test\\.\\s+(\\d+)\\s+IN\\s+A\\s+198\\.18\\.0\\.10");

    @TempDir
    Path dir;
    private final EventLoops loops = EventLoops.create(1);
    private Process unbound;
    private int unboundPort;
    private DnsService service;
    private int port;

    @BeforeEach
    void startUnbound() throws Exception {
        Path binary = Programs.require("unbound", "unbound");
        unboundPort = freePort();
        // An authoritative zone (not local-data, which answers a CNAME without its target) and the root
        // refused, so unbound answers like a real authoritative server and never asks the internet.
        Path zone = dir.resolve("corp.test.zone");
        Files.writeString(zone, """
                $ORIGIN corp.test.
                $TTL 300
                @ IN SOA ns.corp.test. admin.corp.test. 1 3600 600 86400 60
                @ IN NS ns
                ns IN A 198.18.0.2
                www IN A 198.18.0.10
                alias IN CNAME www
                outside IN CNAME www.elsewhere.example.
                @ IN MX 10 www
                _sip._udp IN SRV 1 2 5060 www
                txt IN TXT "hello world"
                """);
        Path conf = dir.resolve("unbound.conf");
        Files.writeString(conf, """
                server:
                  interface: 127.0.0.1
                  port: %d
                  do-ip6: no
                  do-daemonize: no
                  username: ""
                  chroot: ""
                  directory: "%s"
                  pidfile: ""
                  use-syslog: no
                  logfile: ""
                  verbosity: 0
                  num-threads: 1
                  access-control: 127.0.0.0/8 allow
                  module-config: "iterator"
                  local-zone: "." refuse
                  local-zone: "corp.test." transparent
                auth-zone:
                  name: "corp.test."
                  zonefile: "%s"
                  for-downstream: yes
                  for-upstream: no
                  fallback-enabled: no
                remote-control:
                  control-enable: no
                """.formatted(unboundPort, dir, zone));
        unbound = new ProcessBuilder(binary.toString(), "-d", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("unbound.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Programs.dig(unboundPort, "+short", "www.corp.test").contains("198.18.0.10")) {
            assertThat(System.nanoTime()).as("unbound answers within 10 s: " + Files.readString(dir.resolve("unbound.log")))
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private void startEdgeplane(int upstreamPort) throws Exception {
        startEdgeplane("""
                    servers: ["127.0.0.1:%d"]
                """.formatted(upstreamPort));
    }

    /** Starts edgeplane forwarding with {@code servers}: the lines of the {@code forward} section naming them. */
    private void startEdgeplane(String servers) throws Exception {
        service = new DnsService(loops, new SimpleMeterRegistry());
        service.prepare(new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", """
                dns:
                  listen: [127.0.0.1:0]
                  forward:
                %s    timeout: 1s
                """.formatted(servers))).commit();
        String endpoint = service.endpoints().getFirst();
        port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1, endpoint.indexOf(' ')));
    }

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.stop(Duration.ofSeconds(1)).join();
        }
        loops.shutdown(Duration.ofSeconds(2));
        if (unbound != null) {
            unbound.destroy();
            if (!unbound.waitFor(5, TimeUnit.SECONDS)) {
                unbound.destroyForcibly();
            }
        }
    }

    @Test
    void forwardedAnswersAreCachedWithTheirTtlsCountingDown() throws Exception {
        startEdgeplane(unboundPort);
        String first = dig("www.corp.test");
        assertThat(first).contains("status: NOERROR").contains("flags: qr rd ra;").contains("ANSWER: 1");
        int firstTtl = ttl(first);
        assertThat(firstTtl).isBetween(298, 300);
        Thread.sleep(2100);
        String second = dig("www.corp.test");
        assertThat(ttl(second)).as("from the cache, two seconds older").isBetween(firstTtl - 4, firstTtl - 2);
        assertThat(service.stats().forwarding().cacheHits()).isEqualTo(1);
        assertThat(service.stats().forwarding().upstreams().getFirst().queries()).isEqualTo(1);
    }

    @Test
    void everyKindOfForwardedAnswer() throws Exception {
        startEdgeplane(unboundPort);
        assertThat(dig("+short", "alias.corp.test")).isEqualTo("www.corp.test.\n198.18.0.10\n");
        assertThat(dig("+short", "corp.test", "MX")).isEqualTo("10 www.corp.test.\n");
        assertThat(dig("+short", "_sip._udp.corp.test", "SRV")).isEqualTo("1 2 5060 www.corp.test.\n");
        assertThat(dig("+short", "txt.corp.test", "TXT")).isEqualTo("\"hello world\"\n");
        assertThat(dig("+tcp", "+short", "WwW.CoRp.TeSt")).isEqualTo("198.18.0.10\n");
        assertThat(dig("WwW.CoRp.TeSt")).as("the question comes back as asked").contains("WwW.CoRp.TeSt.");
        String nx = dig("nothing.corp.test");
        assertThat(nx).contains("status: NXDOMAIN").contains("AUTHORITY: 1").contains("SOA");
        long hits = service.stats().forwarding().cacheHits();
        assertThat(dig("nothing.corp.test")).contains("status: NXDOMAIN");
        assertThat(service.stats().forwarding().cacheHits()).as("NXDOMAIN cached from the SOA").isEqualTo(hits + 1);
        assertThat(dig("www.corp.test", "ANY")).as("RFC 8482").contains("HINFO").contains("\"RFC8482\"");
        assertThat(kdig("+short", "corp.test", "MX")).isEqualTo("10 www.corp.test.\n");
        assertThat(dig("elsewhere.example")).as("unbound refuses the root: passed on as SERVFAIL")
                .contains("status: SERVFAIL");
    }

    @Test
    void aServerForOneDomainIsNotBelievedAboutAnyOther() throws Exception {
        startEdgeplane("""
                    domains: { corp.test: ["127.0.0.1:%d"] }
                """.formatted(unboundPort));
        assertThat(dig("+short", "alias.corp.test")).isEqualTo("www.corp.test.\n198.18.0.10\n");
        String outside = dig("outside.corp.test");
        assertThat(outside).as("the CNAME leaves corp.test: passed on, its target not looked up there")
                .contains("status: NOERROR").contains("ANSWER: 1").contains("CNAME\twww.elsewhere.example.");
        dig("outside.corp.test");
        assertThat(service.stats().forwarding().upstreams().getFirst().queries())
                .as("a chain leaving the server's domain is not cached").isEqualTo(3);
        assertThat(dig("www.elsewhere.example")).as("no server for other names").contains("status: REFUSED");
    }

    @Test
    void plainNamesAndPrivateReverseNamesAreNeverForwarded() throws Exception {
        startEdgeplane(unboundPort);
        assertThat(dig("intranet")).contains("status: NXDOMAIN");
        assertThat(dig("-x", "192.168.1.20")).contains("status: NXDOMAIN");
        assertThat(dig("-x", "10.1.2.3")).contains("status: NXDOMAIN");
        assertThat(service.stats().forwarding().upstreams().getFirst().queries()).isZero();
    }

    @Test
    void spoofedRepliesFromTheWrongPortOrWithTheWrongIdAreIgnored() throws Exception {
        try (SpoofingRelay relay = new SpoofingRelay(unboundPort)) {
            startEdgeplane(relay.port());
            assertThat(dig("+short", "www.corp.test")).isEqualTo("198.18.0.10\n");
            assertThat(relay.spoofsSent()).isEqualTo(2);
            assertThat(service.stats().forwarding().spoofedReplies()).isEqualTo(2);
            assertThat(dig("+short", "+tcp", "www.corp.test")).as("and nothing false was cached").isEqualTo("198.18.0.10\n");
        }
    }

    private static int ttl(String digOutput) {
        Matcher matcher = TTL.matcher(digOutput);
        assertThat(matcher.find()).as("an A record for www.corp.test in: " + digOutput).isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private String dig(String... args) throws Exception {
        return Programs.dig(port, args);
    }

    private String kdig(String... args) throws Exception {
        return Programs.kdig(port, args);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /**
     * Sits between edgeplane and unbound on UDP, and before relaying the first query plays an off-path attacker:
     * one forged reply with a wrong ID from the right port, one with the right ID from another port, both
     * claiming the name is at 198.18.6.6. Only then does it relay the query and unbound's real reply.
     */
    private static final class SpoofingRelay implements AutoCloseable {
        private final DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        private final DatagramSocket attacker = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        private final InetSocketAddress unbound;
        private final AtomicInteger spoofs = new AtomicInteger();
        private final Thread thread;

        SpoofingRelay(int unboundPort) throws IOException {
            this.unbound = new InetSocketAddress(InetAddress.getLoopbackAddress(), unboundPort);
            socket.setSoTimeout(200);
            thread = new Thread(this::run, "spoofing-relay");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        int spoofsSent() {
            return spoofs.get();
        }

        private void run() {
            byte[] buffer = new byte[4096];
            try (DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                upstream.setSoTimeout(3000);
                while (!socket.isClosed()) {
                    DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                    try {
                        socket.receive(query);
                    } catch (SocketTimeoutException e) {
                        continue;
                    }
                    byte[] message = Arrays.copyOf(query.getData(), query.getLength());
                    InetSocketAddress client = (InetSocketAddress) query.getSocketAddress();
                    if (spoofs.get() == 0) {
                        byte[] wrongId = forgedAnswer(message);
                        wrongId[0] ^= 0x5A;
                        socket.send(new DatagramPacket(wrongId, wrongId.length, client));
                        byte[] wrongPort = forgedAnswer(message);
                        attacker.send(new DatagramPacket(wrongPort, wrongPort.length, client));
                        spoofs.set(2);
                    }
                    upstream.send(new DatagramPacket(message, message.length, unbound));
                    DatagramPacket reply = new DatagramPacket(new byte[4096], 4096);
                    upstream.receive(reply);
                    socket.send(new DatagramPacket(reply.getData(), reply.getLength(), client));
                }
            } catch (IOException e) {
                // Closed: the test is over.
            }
        }

        /** The query turned into a reply with one A record, 198.18.6.6, for the question's name. */
        private static byte[] forgedAnswer(byte[] query) {
            int questionEnd = 12;
            while (query[questionEnd] != 0) {
                questionEnd += (query[questionEnd] & 0xFF) + 1;
            }
            questionEnd += 5;
            byte[] reply = Arrays.copyOf(query, questionEnd + 16);
            reply[2] = (byte) 0x81;
            reply[3] = (byte) 0x80;
            reply[7] = 1;
            reply[9] = 0;
            reply[11] = 0;
            byte[] record = {(byte) 0xC0, 12, 0, 1, 0, 1, 0, 0, 0x0E, 0x10, 0, 4, (byte) 198, 18, 6, 6};
            System.arraycopy(record, 0, reply, questionEnd, record.length);
            return reply;
        }

        @Override
        public void close() {
            socket.close();
            attacker.close();
        }
    }
}
