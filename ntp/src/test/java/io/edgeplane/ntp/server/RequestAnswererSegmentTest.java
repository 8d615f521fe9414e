package io.edgeplane.ntp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.value.Cidr;
import io.edgeplane.ntp.packet.DecodeResult;
import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpPacketDecoder;
import io.edgeplane.ntp.packet.NtpShort;
import io.edgeplane.ntp.packet.NtpTimestamp;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The server's allocation-free path ({@link RequestAnswerer#answer(MemorySegment, long, int, long, long, long,
 * ServerState, MemorySegment, long)}): the same bytes as the array path wherever the request and reply lie in
 * native memory, drops that leave the reply alone, and no allocation at all once compiled.
 */
class RequestAnswererSegmentTest {

    private static final long RECEIVED = 1_700_000_000_250_000_000L;
    private static final ServerState STRATUM_2 = new ServerState(NtpPacket.LEAP_NONE, 2, -23,
            NtpShort.ofSeconds(0.0123), NtpShort.ofSeconds(0.0456), 0xC000_0201,
            NtpTimestamp.ofUnixNanos(RECEIVED - 30_000_000_000L));

    private final NtpAccess access = new NtpAccess(
            List.of(cidr("198.51.100.0", 24), cidr("2001:db8::", 32), cidr("127.0.0.0", 8)),
            List.of(cidr("198.51.100.128", 25), cidr("2001:db8:1::", 48)));

    @Test
    void nativeRequestsAndRepliesAtAnyOffsetGetTheArrayPathsBytes() {
        SplittableRandom random = new SplittableRandom(7);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment requests = arena.allocate(4096);
            MemorySegment replies = arena.allocate(4096);
            for (int n = 0; n < 2000; n++) {
                byte[] request = Requests.of(1 + random.nextInt(4), random.nextInt(8), random.nextLong());
                request[2] = (byte) random.nextInt(-20, 20);
                if (random.nextInt(4) == 0) {
                    request = Arrays.copyOf(request, random.nextInt(0, 120));
                }
                InetAddress client = random.nextBoolean()
                        ? NtpRateLimiterTest.ip("198.51.100." + random.nextInt(256))
                        : NtpRateLimiterTest.ip("2001:db8:" + random.nextInt(3) + "::" + random.nextInt(100));
                long requestOffset = random.nextInt(0, 2000);
                long replyOffset = random.nextInt(0, 2000);
                MemorySegment.copy(request, 0, requests, ValueLayout.JAVA_BYTE, requestOffset, request.length);
                replies.asSlice(replyOffset, 48).fill((byte) 0x5a);

                Answer expected = new RequestAnswerer(access, NtpRateLimiter.unlimited())
                        .answer(request, request.length, client, RECEIVED, STRATUM_2);
                Outcome outcome = new RequestAnswerer(access, NtpRateLimiter.unlimited()).answer(requests, requestOffset,
                        request.length, ClientAddress.high(client), ClientAddress.low(client), RECEIVED, STRATUM_2,
                        replies, replyOffset);

                byte[] written = replies.asSlice(replyOffset, 48).toArray(ValueLayout.JAVA_BYTE);
                switch (expected) {
                    case Answer.Reply reply -> {
                        assertThat(outcome).isEqualTo(reply.kind());
                        assertThat(written).isEqualTo(reply.datagram());
                    }
                    case Answer.Drop drop -> {
                        assertThat(outcome).isEqualTo(drop.reason());
                        byte[] untouched = new byte[48];
                        Arrays.fill(untouched, (byte) 0x5a);
                        assertThat(written).as("a drop writes nothing").isEqualTo(untouched);
                    }
                }
            }
        }
    }

    @Test
    void theAccessRulesMatchCidrsLongestPrefixOnTheAddressBits() {
        for (String address : List.of("198.51.100.7", "198.51.100.200", "198.51.101.1", "127.0.0.1", "10.0.0.1",
                "2001:db8::1", "2001:db8:1::1", "2001:db9::1", "::1", "::ffff:198.51.100.7")) {
            InetAddress client = NtpRateLimiterTest.ip(address);
            boolean byCidr = longest(access.allow(), client) > longest(access.deny(), client);
            assertThat(access.allows(ClientAddress.high(client), ClientAddress.low(client))).as(address).isEqualTo(byCidr);
        }
        // An IPv6 rule that covers everything does not take in IPv4 clients, as Cidr.contains does not.
        NtpAccess v6Only = new NtpAccess(List.of(cidr("::", 0)), List.of());
        assertThat(v6Only.test(NtpRateLimiterTest.ip("192.0.2.1"))).isFalse();
        assertThat(v6Only.test(NtpRateLimiterTest.ip("2001:db8::1"))).isTrue();
        assertThat(new NtpAccess(List.of(cidr("0.0.0.0", 0)), List.of()).test(NtpRateLimiterTest.ip("192.0.2.1"))).isTrue();
    }

    @Test
    void theFramingCheckAgreesWithTheDecoderOnRandomInput() {
        SplittableRandom random = new SplittableRandom(11);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate(512);
            for (int n = 0; n < 100_000; n++) {
                int length = random.nextInt(4) == 0 ? random.nextInt(0, 200) : 48 + 4 * random.nextInt(0, 30);
                byte[] data = new byte[length];
                random.nextBytes(data);
                if (random.nextBoolean() && length > 48) {
                    data[0] = (byte) (data[0] & 0xc7 | 4 << 3);
                    // A plausible extension field length at 48 + 2.
                    if (length >= 52) {
                        int field = 4 * random.nextInt(0, 40);
                        data[50] = (byte) (field >>> 8);
                        data[51] = (byte) field;
                    }
                }
                long offset = random.nextInt(0, 512 - length + 1);
                MemorySegment.copy(data, 0, segment, ValueLayout.JAVA_BYTE, offset, length);
                boolean decoded = NtpPacketDecoder.decode(data, length) instanceof DecodeResult.Ok;
                assertThat(NtpPacketDecoder.isWellFramed(segment, offset, length)).as("%s", Arrays.toString(data)).isEqualTo(decoded);
            }
        }
    }

    @Test
    void answeringAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        NtpRateLimiter limiter = new NtpRateLimiter(NtpRateLimiter.Settings.CHRONY_DEFAULTS, System::nanoTime,
                new SplittableRandom(1));
        RequestAnswerer answerer = new RequestAnswerer(access, limiter);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment request = arena.allocate(48);
            MemorySegment.copy(Requests.client(0x1234_5678_9abc_def0L), 0, request, ValueLayout.JAVA_BYTE, 0, 48);
            MemorySegment reply = arena.allocate(48 * 16);
            long[] outcomes = new long[1];
            Runnable batch = () -> {
                for (int i = 0; i < 1000; i++) {
                    long low = ClientAddress.ipv4(0xC633_6400 | (i & 0x7f));
                    Outcome outcome = answerer.answer(request, 0, 48, 0, low, RECEIVED + i, STRATUM_2, reply, 48L * (i & 15));
                    if (outcome == Answer.Reply.Kind.TIME) {
                        RequestAnswerer.stampTransmitTime(reply, 48L * (i & 15), RECEIVED + i + 1000);
                        outcomes[0]++;
                    }
                }
            };
            // Compiled first: the interpreter's and the compilers' own work is not the path's.
            for (int i = 0; i < 200; i++) {
                batch.run();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 50; i++) {
                batch.run();
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertThat(outcomes[0]).isPositive();
            assertThat(allocated).as("bytes allocated by 50,000 answers").isLessThan(1024);
        }
    }

    private static int longest(List<Cidr> rules, InetAddress client) {
        int longest = -1;
        for (Cidr rule : rules) {
            if (rule.contains(client)) {
                longest = Math.max(longest, rule.prefixLength());
            }
        }
        return longest;
    }

    private static Cidr cidr(String network, int prefix) {
        return new Cidr(NtpRateLimiterTest.ip(network), prefix);
    }
}
