package io.edgeplane.dhcp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Seeded random messages round-trip exactly; random, structured-random, truncated, extended and bit-flipped packets
 * (over 100,000 in all) never make the decoder throw, every drop has a reason and a detail, and whatever it accepts
 * encodes back to something it decodes the same.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DhcpMessageFuzzTest {

    /** The largest a UDP payload can be: the fuzz checks framing, not the client's size cap. */
    private static final int NO_CAP = 0xFFFF;

    private final Random random = new Random(0x5EED_D4C9L);
    private final Set<DropReason> seen = EnumSet.noneOf(DropReason.class);
    private int accepted;

    @Test
    void randomMessagesRoundTrip() {
        for (int i = 0; i < 20_000; i++) {
            DhcpMessage message = randomMessage();

            byte[] wire = DhcpMessageEncoder.encode(message, NO_CAP);

            assertThat(wire.length).isEqualTo(Math.max(300, DhcpMessageEncoder.encodedLength(message)));
            assertThat(DhcpMessageDecoder.decode(wire, 0, wire.length)).isEqualTo(new DecodeResult.Valid(message));
        }
    }

    @Test
    void mutatedAndRandomPacketsNeverThrowAndWhatIsAcceptedIsStable() {
        List<byte[]> vectors = List.of(DhcpClientVectorsTest.udhcpcDiscover(), DhcpClientVectorsTest.udhcpcRequest(),
                DhcpClientVectorsTest.dhcpcdDiscover(), DhcpClientVectorsTest.dhcpcdRequest());
        for (int i = 0; i < 50_000; i++) {
            byte[] original = random.nextInt(4) == 0 ? vectors.get(random.nextInt(vectors.size())).clone()
                    : DhcpMessageEncoder.encode(randomMessage(), NO_CAP);
            check(mutate(original));
        }
        for (int i = 0; i < 30_000; i++) {
            check(structuredRandom());
        }
        for (int i = 0; i < 10_000; i++) {
            byte[] noise = new byte[random.nextInt(700)];
            random.nextBytes(noise);
            check(noise);
        }

        assertThat(accepted).isGreaterThan(10_000);
        assertThat(seen).containsExactlyInAnyOrder(DropReason.values());
    }

    private void check(byte[] wire) {
        DecodeResult result = DhcpMessageDecoder.decode(wire, 0, wire.length);
        // The server decodes straight from its socket's native memory: the same bytes there must decode the same.
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length + 3).position(3);
        direct.put(wire).position(3);
        assertThat(DhcpMessageDecoder.decode(direct.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN)))
                .isEqualTo(result);
        switch (result) {
            case DecodeResult.Dropped dropped -> {
                seen.add(dropped.reason());
                assertThat(dropped.detail()).isNotBlank();
            }
            case DecodeResult.Valid valid -> {
                accepted++;
                DhcpMessage decoded = valid.message();
                assertThat(decoded.messageType()).isPresent();
                byte[] again = DhcpMessageEncoder.encode(decoded, NO_CAP);
                assertThat(DhcpMessageDecoder.decode(again, 0, again.length)).isEqualTo(valid);
            }
        }
    }

    private byte[] mutate(byte[] wire) {
        byte[] out = wire;
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(7)) {
                case 0 -> out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[240 + random.nextInt(out.length - 240)] = (byte) random.nextInt(256);
                case 2 -> out = Arrays.copyOf(out, random.nextInt(out.length + 1));
                case 3 -> {
                    byte[] longer = Arrays.copyOf(out, out.length + 1 + random.nextInt(64));
                    for (int i = out.length; i < longer.length; i++) {
                        longer[i] = (byte) random.nextInt(256);
                    }
                    out = longer;
                }
                case 4 -> out[2] = (byte) random.nextInt(20);                       // hlen
                case 5 -> out[0] = (byte) random.nextInt(4);                        // op
                default -> {
                    // An overload option in the first option's place, and options scattered in sname and file.
                    if (out.length > 243) {
                        out[240] = 52;
                        out[241] = 1;
                        out[242] = (byte) random.nextInt(5);
                        fillOptions(out, DhcpMessageDecoder.SNAME_OFFSET, DhcpMessageDecoder.HEADER_LENGTH);
                    }
                }
            }
            if (out.length < 243) {
                break;
            }
        }
        return out;
    }

    /** A header that passes the first checks and an options area of random options, some of them overrunning. */
    private byte[] structuredRandom() {
        byte[] wire = new byte[240 + random.nextInt(400)];
        random.nextBytes(wire);
        wire[0] = (byte) (1 + random.nextInt(2));
        wire[2] = (byte) random.nextInt(17);
        Ipv4.putInt(wire, DhcpMessageDecoder.HEADER_LENGTH, DhcpMessageDecoder.MAGIC_COOKIE);
        fillOptions(wire, DhcpMessageDecoder.OPTIONS_OFFSET, wire.length);
        if (random.nextInt(4) == 0 && wire.length > 243) {
            wire[240] = 52;
            wire[241] = 1;
            wire[242] = (byte) (1 + random.nextInt(3));
            fillOptions(wire, DhcpMessageDecoder.SNAME_OFFSET, DhcpMessageDecoder.HEADER_LENGTH);
        }
        return wire;
    }

    private void fillOptions(byte[] wire, int from, int to) {
        int at = from;
        while (at < to) {
            int kind = random.nextInt(20);
            int code = kind == 0 ? 0 : kind == 1 ? 255 : kind < 6 ? 53 : kind == 6 ? 52 : 1 + random.nextInt(254);
            wire[at++] = (byte) code;
            if (code == 0 || at >= to) {
                continue;
            }
            int length = code == 53 && random.nextInt(4) != 0 ? 1 : random.nextInt(random.nextInt(30) == 0 ? 256 : 12);
            wire[at++] = (byte) length;
            if (code == 53 && at < to) {
                wire[at] = (byte) random.nextInt(10);
            }
            at += length;
        }
    }

    private DhcpMessage randomMessage() {
        DhcpOptions.Builder options = DhcpOptions.builder();
        int count = random.nextInt(10);
        int typeAt = random.nextInt(count + 1);
        for (int i = 0; i <= count; i++) {
            if (i == typeAt) {
                options.messageType(DhcpMessageType.values()[random.nextInt(DhcpMessageType.values().length)]);
                continue;
            }
            int code;
            do {
                code = 1 + random.nextInt(254);
            } while (code == DhcpOptions.OVERLOAD || code == DhcpOptions.MESSAGE_TYPE);
            byte[] value = new byte[random.nextInt(20) == 0 ? 256 + random.nextInt(600) : random.nextInt(16)];
            random.nextBytes(value);
            options.put(code, value);
        }
        byte[] chaddr = new byte[random.nextInt(17)];
        random.nextBytes(chaddr);
        return new DhcpMessage(1 + random.nextInt(2), random.nextInt(256), random.nextInt(256), random.nextInt(),
                random.nextInt(0x10000), random.nextInt(0x10000), address(), address(), address(), address(),
                new HardwareAddress(chaddr), name(64), name(128), options.build());
    }

    private Inet4Address address() {
        byte[] raw = new byte[4];
        random.nextBytes(raw);
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private String name(int max) {
        if (random.nextBoolean()) {
            return "";
        }
        char[] chars = new char[random.nextInt(max + 1)];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = (char) (1 + random.nextInt(255));
        }
        return new String(chars);
    }
}
