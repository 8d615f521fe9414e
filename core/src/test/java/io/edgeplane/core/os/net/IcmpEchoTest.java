package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Echo requests as sent, and what counts as a reply: well-formed, checked and ours, never an exception. */
class IcmpEchoTest {

    private static final long NONCE = 0x0123_4567_89AB_CDEFL;
    private static final int IDENTIFIER = 0xBEEF;

    private static byte[] request(int identifier, int sequence, long nonce) {
        ByteBuffer out = ByteBuffer.allocate(IcmpEcho.LENGTH);
        IcmpEcho.request(out, identifier, sequence, nonce);
        return out.array();
    }

    /** The reply a host sends to {@code request}: type 0, checksum redone (RFC 792). */
    private static byte[] replyTo(byte[] request) {
        byte[] reply = request.clone();
        reply[0] = 0;
        reply[2] = 0;
        reply[3] = 0;
        int checksum = Ipv4UdpFrame.checksum(ByteBuffer.wrap(reply), 0, reply.length, 0);
        reply[2] = (byte) (checksum >>> 8);
        reply[3] = (byte) checksum;
        return reply;
    }

    /** {@code icmp} behind an IPv4 header of {@code headerLength} bytes (options zero), protocol 1. */
    private static byte[] withIpHeader(byte[] icmp, int headerLength) {
        byte[] packet = new byte[headerLength + icmp.length];
        packet[0] = (byte) (0x40 | headerLength / 4);
        packet[9] = 1;
        packet[12] = (byte) 198;
        packet[13] = 18;
        packet[15] = 2;
        System.arraycopy(icmp, 0, packet, headerLength, icmp.length);
        return packet;
    }

    private static long decode(byte[] packet, boolean ipHeader) {
        return IcmpEcho.reply(ByteBuffer.wrap(packet), packet.length, ipHeader, NONCE);
    }

    @Test
    void aRequestIsTheBytesPingSends() {
        byte[] request = request(IDENTIFIER, 0x1234, NONCE);
        assertThat(HexFormat.of().formatHex(request, 0, 2)).as("type 8, code 0").isEqualTo("0800");
        assertThat(HexFormat.of().formatHex(request, 4, 16)).isEqualTo("beef1234" + "0123456789abcdef");
        // 0800+beef+1234+0123+4567+89ab+cdef folds to 7749; its complement is 88b6.
        assertThat(ReferenceChecksums.word(request, 2)).as("checksum").isEqualTo(0x88B6);
        assertThat(Ipv4UdpFrame.checksum(ByteBuffer.wrap(request), 0, 16, 0)).as("sums to zero").isZero();
    }

    @Test
    void aReplyIsRecognisedWithAndWithoutItsIpHeader() {
        byte[] reply = replyTo(request(IDENTIFIER, 7, NONCE));
        long expected = (long) IDENTIFIER << 16 | 7;
        assertThat(decode(reply, false)).isEqualTo(expected);
        assertThat(decode(withIpHeader(reply, 20), true)).isEqualTo(expected);
        assertThat(decode(withIpHeader(reply, 60), true)).as("IP options are skipped").isEqualTo(expected);
        assertThat(decode(replyTo(Arrays.copyOf(request(1, 65_535, NONCE), 40)), false))
                .as("a longer echo, as some stacks pad it").isEqualTo(1L << 16 | 65_535);
        assertThat(decode(replyTo(request(0xFFFF, 0xFFFF, NONCE)), false)).as("all ones is no sentinel")
                .isEqualTo(0xFFFF_FFFFL).isNotEqualTo(IcmpEcho.NOT_A_REPLY);
    }

    @Test
    void whatIsNotOurReplyIsRefused() {
        byte[] reply = replyTo(request(IDENTIFIER, 7, NONCE));
        assertThat(decode(request(IDENTIFIER, 7, NONCE), false)).as("a request").isEqualTo(IcmpEcho.NOT_A_REPLY);
        assertThat(decode(replyTo(request(IDENTIFIER, 7, ~NONCE)), false)).as("another prober's nonce")
                .isEqualTo(IcmpEcho.NOT_A_REPLY);
        byte[] badChecksum = reply.clone();
        badChecksum[3] ^= 1;
        assertThat(decode(badChecksum, false)).isEqualTo(IcmpEcho.NOT_A_REPLY);
        byte[] code1 = reply.clone();
        code1[1] = 1;
        assertThat(decode(replyTo(code1), false)).as("code 1").isEqualTo(IcmpEcho.NOT_A_REPLY);
        assertThat(IcmpEcho.reply(ByteBuffer.wrap(reply), 15, false, NONCE)).as("cut short")
                .isEqualTo(IcmpEcho.NOT_A_REPLY);
        assertThat(IcmpEcho.reply(ByteBuffer.wrap(reply), 17, false, NONCE)).as("longer than the buffer")
                .isEqualTo(IcmpEcho.NOT_A_REPLY);
        assertThat(IcmpEcho.reply(ByteBuffer.wrap(reply), -1, false, NONCE)).isEqualTo(IcmpEcho.NOT_A_REPLY);

        byte[] ipv6 = withIpHeader(reply, 20);
        ipv6[0] = 0x65;
        assertThat(decode(ipv6, true)).as("version 6").isEqualTo(IcmpEcho.NOT_A_REPLY);
        byte[] shortHeader = withIpHeader(reply, 20);
        shortHeader[0] = 0x44;
        assertThat(decode(shortHeader, true)).as("IHL 4").isEqualTo(IcmpEcho.NOT_A_REPLY);
        byte[] udp = withIpHeader(reply, 20);
        udp[9] = 17;
        assertThat(decode(udp, true)).as("protocol 17").isEqualTo(IcmpEcho.NOT_A_REPLY);
        byte[] headerBeyond = withIpHeader(reply, 20);
        headerBeyond[0] = 0x4F;
        assertThat(IcmpEcho.reply(ByteBuffer.wrap(headerBeyond), 36, true, NONCE)).as("IHL 15 leaves no ICMP")
                .isEqualTo(IcmpEcho.NOT_A_REPLY);
        assertThat(decode(new byte[0], true)).isEqualTo(IcmpEcho.NOT_A_REPLY);
        assertThat(decode(new byte[0], false)).isEqualTo(IcmpEcho.NOT_A_REPLY);
    }

    @Test
    void garbageNeverThrowsAndNeverPassesForAReply() {
        Random random = new Random(792);
        int accepted = 0;
        for (int round = 0; round < 200_000; round++) {
            byte[] packet = new byte[random.nextInt(600)];
            random.nextBytes(packet);
            if (packet.length > 0 && random.nextBoolean()) {
                packet[0] = (byte) (0x40 | random.nextInt(16));
            }
            if (packet.length > 9 && random.nextBoolean()) {
                packet[9] = 1;
            }
            int length = random.nextInt(packet.length + 3) - 1;
            boolean ipHeader = random.nextBoolean();
            if (IcmpEcho.reply(ByteBuffer.wrap(packet), length, ipHeader, NONCE) != IcmpEcho.NOT_A_REPLY) {
                accepted++;
            }
        }
        assertThat(accepted).as("random bytes carry our nonce with odds of 2^-64").isZero();
    }

    @Test
    void mutatedRepliesNeverThrowAndAnyAcceptedStillCarriesItsNumbers() {
        Random random = new Random(2131);
        byte[] reply = withIpHeader(replyTo(request(IDENTIFIER, 42, NONCE)), 24);
        int accepted = 0;
        int wrong = 0;
        for (int round = 0; round < 100_000; round++) {
            byte[] mutated = reply.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
            }
            long decoded = IcmpEcho.reply(ByteBuffer.wrap(mutated), random.nextInt(mutated.length + 1), true, NONCE);
            if (decoded != IcmpEcho.NOT_A_REPLY) {
                accepted++;
                // Only flips the checks do not cover (IP header bytes the kernel owns) may pass, numbers intact.
                if (decoded != ((long) IDENTIFIER << 16 | 42)) {
                    wrong++;
                }
            }
        }
        assertThat(accepted).as("some mutations only touch the IP header's other fields").isPositive();
        assertThat(wrong).as("accepted with other numbers than sent").isZero();
    }
}
