package io.edgeplane.dns.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.core.transport.EventLoops;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The forwarder against fake upstream servers on loopback, over real UDP and TCP sockets. */
@Timeout(value = 5, unit = TimeUnit.SECONDS)
class ForwarderTest {

    private static final int A = 1;
    private static final int IN = 1;
    private static final Duration QUERY_TIMEOUT = Duration.ofMillis(200);

    private EventLoops eventLoops;
    private final List<FakeUpstream> fakes = new ArrayList<>();

    @BeforeEach
    void startLoops() {
        eventLoops = EventLoops.create(2);
    }

    @AfterEach
    void stop() throws Exception {
        for (FakeUpstream fake : fakes) {
            fake.close();
        }
        eventLoops.shutdown(Duration.ofSeconds(1));
    }

    @Test
    void passesTheUpstreamsAnswerThroughAndAsksWithRdAndEdns() throws Exception {
        FakeUpstream upstream = fake(FakeUpstream.answering("192.0.2.7"));
        Forwarder forwarder = forwarder(settings(List.of(upstream.server())));

        ForwardResult result = get(forwarder.forward("www.example.com", A, IN, true));

        assertThat(result).isInstanceOf(ForwardResult.Answered.class);
        ForwardResult.Answered answered = (ForwardResult.Answered) result;
        assertThat(Replies.answerAddress(answered.message())).isEqualTo("192.0.2.7");
        assertThat(answered.server()).isEqualTo(upstream.server());
        assertThat(answered.overTcp()).isFalse();
        DatagramDnsQuery sent = decodeQuery(upstream.queries().getFirst());
        try {
            assertThat(sent.isRecursionDesired()).isTrue();
            assertThat(sent.recordAt(DnsSection.QUESTION).name()).isEqualToIgnoringCase("www.example.com.");
            assertThat(sent.recordAt(DnsSection.QUESTION).type()).isEqualTo(DnsRecordType.A);
            DnsRecord opt = sent.recordAt(DnsSection.ADDITIONAL);
            assertThat(opt.type()).isEqualTo(DnsRecordType.OPT);
            assertThat(opt.dnsClass()).isEqualTo(1232);
            // The TTL field of OPT holds the extended RCODE, version and flags; DO is its bit 15.
            assertThat(opt.timeToLive()).isEqualTo(0x8000);
        } finally {
            sent.release();
        }
        assertThat(forwarder.upstreams().getFirst().queries()).isEqualTo(1);
        assertThat(forwarder.upstreams().getFirst().pending()).isZero();
        assertThat(forwarder.upstreams().getFirst().smoothedRtt()).isPositive();
        assertThat(forwarder.inFlight()).isZero();
    }

    @Test
    void ignoresRepliesFromAnotherPortOrAddressOrWithAnotherIdOrCaseOrTooShortAndTakesTheRealOne() throws Exception {
        try (DatagramSocket otherPort = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            FakeUpstream upstream = fake((fake, query, client) -> {
                byte[] forged = Replies.answer(query, "203.0.113.66");
                otherPort.send(new java.net.DatagramPacket(forged, forged.length, client));
                try (DatagramSocket otherAddress = new DatagramSocket(
                        new InetSocketAddress(InetAddress.getByName("127.0.0.2"), fake.address().getPort()))) {
                    otherAddress.send(new java.net.DatagramPacket(forged, forged.length, client));
                }
                fake.send(Replies.withId(forged, (Replies.id(query) + 1) & 0xFFFF), client);
                fake.send(Replies.withFirstLetterFlipped(forged), client);
                fake.send(new byte[] {1, 2, 3}, client);
                fake.sendLater(Replies.answer(query, "192.0.2.1"), client, 50);
            });
            Forwarder forwarder = forwarder(settings(List.of(upstream.server())));

            ForwardResult result = get(forwarder.forward("www.example.com", A, IN, false));

            assertThat(Replies.answerAddress(((ForwardResult.Answered) result).message())).isEqualTo("192.0.2.1");
            assertThat(forwarder.spoofedReplies()).isEqualTo(5);
        }
    }

    @Test
    void sendsNamesInRandomCaseAndTakesRepliesThatRepeatIt() throws Exception {
        FakeUpstream upstream = fake(FakeUpstream.answering("192.0.2.1"));
        Forwarder forwarder = forwarder(settings(List.of(upstream.server())));

        Set<String> sent = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ForwardResult.Answered answered = (ForwardResult.Answered) get(forwarder.forward("www.example.com", A, IN, false));
            String asked = Replies.questionName(upstream.queries().getLast());
            assertThat(Replies.questionName(answered.message())).isEqualTo(asked).isEqualToIgnoringCase("www.example.com");
            sent.add(asked);
        }
        assertThat(sent).hasSizeGreaterThan(1).anyMatch(name -> !name.equals("www.example.com"));
        Set<Integer> ids = new HashSet<>();
        upstream.queries().forEach(query -> ids.add(Replies.id(query)));
        assertThat(ids).hasSizeGreaterThan(40);
    }

    @Test
    void sendsNamesInLowerCaseWhenCaseRandomisationIsOff() throws Exception {
        FakeUpstream upstream = fake(FakeUpstream.answering("192.0.2.1"));
        ForwardSettings plain = new ForwardSettings(List.of(upstream.server()), ForwardSettings.Strategy.STRICT_ORDER,
                QUERY_TIMEOUT, 2, 100, false);
        Forwarder forwarder = forwarder(plain);

        for (int i = 0; i < 10; i++) {
            get(forwarder.forward("WWW.Example.com", A, IN, false));
        }
        assertThat(upstream.queries()).allMatch(query -> Replies.questionName(query).equals("www.example.com"));
    }

    @Test
    void asksTheNextServerAfterATimeout() throws Exception {
        FakeUpstream silent = fake(FakeUpstream.SILENT);
        FakeUpstream answering = fake(FakeUpstream.answering("192.0.2.2"));
        Forwarder forwarder = forwarder(settings(List.of(silent.server(), answering.server())));

        long start = System.nanoTime();
        ForwardResult result = get(forwarder.forward("www.example.com", A, IN, false));

        assertThat(((ForwardResult.Answered) result).server()).isEqualTo(answering.server());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(QUERY_TIMEOUT);
        UpstreamStats silentStats = forwarder.upstreams().getFirst();
        assertThat(silentStats.timeouts()).isEqualTo(1);
        assertThat(silentStats.pending()).isZero();
        assertThat(silentStats.smoothedRtt()).isEqualTo(QUERY_TIMEOUT);
    }

    @Test
    void timesOutWhenNoServerAnswers() throws Exception {
        FakeUpstream first = fake(FakeUpstream.SILENT);
        FakeUpstream second = fake(FakeUpstream.SILENT);
        Forwarder forwarder = forwarder(settings(List.of(first.server(), second.server())));

        ForwardResult result = get(forwarder.forward("www.example.com", A, IN, false));

        assertThat(result).isEqualTo(new ForwardResult.Failed(ForwardResult.Failure.TIMEOUT));
        assertThat(first.queryCount()).isEqualTo(1);
        assertThat(second.queryCount()).isEqualTo(1);
        assertThat(forwarder.inFlight()).isZero();
    }

    @Test
    void asksTheNextServerAfterServfailOrRefused() throws Exception {
        FakeUpstream failing = fake(FakeUpstream.failingWith(ReplyHeader.RCODE_SERVFAIL));
        FakeUpstream refusing = fake(FakeUpstream.failingWith(ReplyHeader.RCODE_REFUSED));
        FakeUpstream answering = fake(FakeUpstream.answering("192.0.2.3"));
        ForwardSettings three = new ForwardSettings(List.of(failing.server(), refusing.server(), answering.server()),
                ForwardSettings.Strategy.STRICT_ORDER, QUERY_TIMEOUT, 3, 100, true);
        Forwarder forwarder = forwarder(three);

        ForwardResult result = get(forwarder.forward("www.example.com", A, IN, false));

        assertThat(((ForwardResult.Answered) result).server()).isEqualTo(answering.server());
        assertThat(forwarder.upstreams().get(0).failures()).isEqualTo(1);
        assertThat(forwarder.upstreams().get(1).failures()).isEqualTo(1);
        assertThat(forwarder.upstreams().get(2).failures()).isZero();
    }

    @Test
    void failsWithServfailWhenEveryServerFails() throws Exception {
        FakeUpstream failing = fake(FakeUpstream.failingWith(ReplyHeader.RCODE_SERVFAIL));
        FakeUpstream silent = fake(FakeUpstream.SILENT);
        Forwarder forwarder = forwarder(settings(List.of(failing.server(), silent.server())));

        assertThat(get(forwarder.forward("www.example.com", A, IN, false)))
                .isEqualTo(new ForwardResult.Failed(ForwardResult.Failure.SERVFAIL));
    }

    @Test
    void passesNxdomainThroughWithoutAskingAnotherServer() throws Exception {
        FakeUpstream nxdomain = fake(FakeUpstream.failingWith(3));
        FakeUpstream other = fake(FakeUpstream.answering("192.0.2.3"));
        Forwarder forwarder = forwarder(settings(List.of(nxdomain.server(), other.server())));

        ForwardResult.Answered answered = (ForwardResult.Answered) get(forwarder.forward("nx.example.com", A, IN, false));

        assertThat(ReplyHeader.read(answered.message()).rcode()).isEqualTo(3);
        assertThat(other.queryCount()).isZero();
    }

    @Test
    void asksAgainOverTcpAfterATruncatedReply() throws Exception {
        FakeUpstream upstream = fake((fake, query, client) -> fake.send(Replies.answer(query, null, 0, true), client))
                .withTcp(query -> Replies.answer(query, "192.0.2.4"));
        Forwarder forwarder = forwarder(settings(List.of(upstream.server())));

        ForwardResult.Answered answered = (ForwardResult.Answered) get(forwarder.forward("big.example.com", A, IN, false));

        assertThat(answered.overTcp()).isTrue();
        assertThat(Replies.answerAddress(answered.message())).isEqualTo("192.0.2.4");
        assertThat(upstream.tcpQueryCount()).isEqualTo(1);
        assertThat(forwarder.upstreams().getFirst().queries()).isEqualTo(2);
    }

    @Test
    void asksTheNextServerWhenTcpIsRefused() throws Exception {
        FakeUpstream truncating = fake((fake, query, client) -> fake.send(Replies.answer(query, null, 0, true), client));
        FakeUpstream answering = fake(FakeUpstream.answering("192.0.2.5"));
        Forwarder forwarder = forwarder(settings(List.of(truncating.server(), answering.server())));

        ForwardResult.Answered answered = (ForwardResult.Answered) get(forwarder.forward("big.example.com", A, IN, false));

        assertThat(answered.server()).isEqualTo(answering.server());
        assertThat(forwarder.upstreams().getFirst().failures()).isEqualTo(1);
    }

    @Test
    void asksADomainsOwnServerForNamesUnderIt() throws Exception {
        FakeUpstream general = fake(FakeUpstream.answering("192.0.2.1"));
        FakeUpstream corp = fake(FakeUpstream.answering("10.1.2.3"));
        Forwarder forwarder = forwarder(settings(List.of(general.server(), corp.server("corp.example"))));

        assertThat(serverFor(forwarder, "x.corp.example")).isEqualTo(corp.server("corp.example"));
        assertThat(serverFor(forwarder, "corp.example")).isEqualTo(corp.server("corp.example"));
        assertThat(serverFor(forwarder, "xcorp.example")).isEqualTo(general.server());
        assertThat(serverFor(forwarder, "example.org")).isEqualTo(general.server());
    }

    @Test
    void failsWithNoServerForANameOutsideTheDomainServersDomains() throws Exception {
        FakeUpstream corp = fake(FakeUpstream.answering("10.1.2.3"));
        Forwarder forwarder = forwarder(settings(List.of(corp.server("corp.example"))));

        assertThat(get(forwarder.forward("example.org", A, IN, false)))
                .isEqualTo(new ForwardResult.Failed(ForwardResult.Failure.NO_SERVER));
        assertThat(corp.queryCount()).isZero();
    }

    @Test
    void mergesIdenticalQueriesInFlightIntoOneUpstreamQuery() throws Exception {
        FakeUpstream upstream = fake(FakeUpstream.answeringAfter(150, "192.0.2.6"));
        Forwarder forwarder = forwarder(settings(List.of(upstream.server())));

        List<CompletableFuture<ForwardResult>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(forwarder.forward(i % 2 == 0 ? "same.example.com" : "SAME.Example.COM", A, IN, false));
        }
        CompletableFuture<ForwardResult> withDo = forwarder.forward("same.example.com", A, IN, true);

        byte[] first = ((ForwardResult.Answered) get(futures.getFirst())).message();
        for (CompletableFuture<ForwardResult> future : futures) {
            assertThat(((ForwardResult.Answered) get(future)).message()).isEqualTo(first);
        }
        get(withDo);
        assertThat(upstream.queryCount()).isEqualTo(2);
        assertThat(forwarder.mergedQueries()).isEqualTo(9);
        // Finished flights are forgotten: the same query again goes upstream again.
        get(forwarder.forward("same.example.com", A, IN, false));
        assertThat(upstream.queryCount()).isEqualTo(3);
    }

    @Test
    void refusesANameThatCannotBeSent() throws Exception {
        Forwarder forwarder = forwarder(settings(List.of(fake(FakeUpstream.SILENT).server())));

        assertThatThrownBy(() -> forwarder.forward("a..example", A, IN, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(forwarder.inFlight()).isZero();
    }

    @Test
    void failsFastAsOverloadedBeyondMaxInFlight() throws Exception {
        FakeUpstream silent = fake(FakeUpstream.SILENT);
        ForwardSettings two = new ForwardSettings(List.of(silent.server()), ForwardSettings.Strategy.STRICT_ORDER,
                QUERY_TIMEOUT, 1, 2, true);
        Forwarder forwarder = forwarder(two);

        CompletableFuture<ForwardResult> first = forwarder.forward("a.example.com", A, IN, false);
        CompletableFuture<ForwardResult> second = forwarder.forward("b.example.com", A, IN, false);
        CompletableFuture<ForwardResult> merged = forwarder.forward("a.example.com", A, IN, false);
        CompletableFuture<ForwardResult> third = forwarder.forward("c.example.com", A, IN, false);

        assertThat(third).isCompletedWithValue(new ForwardResult.Failed(ForwardResult.Failure.OVERLOADED));
        assertThat(forwarder.inFlight()).isEqualTo(2);
        assertThat(forwarder.overloadedQueries()).isEqualTo(1);
        assertThat(get(first)).isEqualTo(new ForwardResult.Failed(ForwardResult.Failure.TIMEOUT));
        assertThat(get(second)).isEqualTo(new ForwardResult.Failed(ForwardResult.Failure.TIMEOUT));
        assertThat(get(merged)).isEqualTo(new ForwardResult.Failed(ForwardResult.Failure.TIMEOUT));
        assertThat(forwarder.inFlight()).isZero();
        assertThat(forwarder.forward("c.example.com", A, IN, false)).isNotDone();
    }

    @Test
    void fastestPrefersTheFasterServerOnceBothAreMeasured() throws Exception {
        FakeUpstream slow = fake(FakeUpstream.answeringAfter(40, "192.0.2.8"));
        FakeUpstream fast = fake(FakeUpstream.answering("192.0.2.9"));
        ForwardSettings fastest = new ForwardSettings(List.of(slow.server(), fast.server()), ForwardSettings.Strategy.FASTEST,
                QUERY_TIMEOUT, 2, 100, true);
        Forwarder forwarder = forwarder(fastest);

        for (int i = 0; i < 30; i++) {
            get(forwarder.forward("n" + i + ".example.com", A, IN, false));
        }

        // The slow one answers the first query (both unmeasured, configured order) and a probe every 16th.
        assertThat(fast.queryCount()).isGreaterThanOrEqualTo(26);
        assertThat(slow.queryCount()).isBetween(1, 4);
        assertThat(forwarder.upstreams().get(0).smoothedRtt()).isGreaterThan(forwarder.upstreams().get(1).smoothedRtt());
    }

    @Test
    void strictOrderAlwaysAsksTheFirstServerFirst() throws Exception {
        FakeUpstream slow = fake(FakeUpstream.answeringAfter(20, "192.0.2.8"));
        FakeUpstream fast = fake(FakeUpstream.answering("192.0.2.9"));
        Forwarder forwarder = forwarder(settings(List.of(slow.server(), fast.server())));

        for (int i = 0; i < 5; i++) {
            get(forwarder.forward("n" + i + ".example.com", A, IN, false));
        }

        assertThat(slow.queryCount()).isEqualTo(5);
        assertThat(fast.queryCount()).isZero();
    }

    private static UpstreamServer serverFor(Forwarder forwarder, String name) throws Exception {
        return ((ForwardResult.Answered) get(forwarder.forward(name, A, IN, false))).server();
    }

    private FakeUpstream fake(FakeUpstream.Behaviour behaviour) throws Exception {
        FakeUpstream fake = new FakeUpstream(behaviour);
        fakes.add(fake);
        return fake;
    }

    private static ForwardSettings settings(List<UpstreamServer> servers) {
        return new ForwardSettings(servers, ForwardSettings.Strategy.STRICT_ORDER, QUERY_TIMEOUT, 2, 100, true);
    }

    private Forwarder forwarder(ForwardSettings settings) {
        return new Forwarder(settings, eventLoops, System::nanoTime);
    }

    private static ForwardResult get(CompletableFuture<ForwardResult> future) throws Exception {
        return future.get(2, TimeUnit.SECONDS);
    }

    private static DatagramDnsQuery decodeQuery(byte[] query) {
        EmbeddedChannel channel = new EmbeddedChannel(new DatagramDnsQueryDecoder());
        InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 53);
        channel.writeInbound(new io.netty.channel.socket.DatagramPacket(Unpooled.wrappedBuffer(query), any, any));
        DatagramDnsQuery decoded = channel.readInbound();
        channel.finish();
        return decoded;
    }
}
