package io.edgeplane.vrrp.codec;

import static io.edgeplane.vrrp.codec.VrrpAdvertisementCodecTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded random advertisements round-trip exactly; random, truncated, extended and bit-flipped packets never make
 * the decoder throw, and whatever it accepts encodes back to something it decodes the same.
 */
class VrrpAdvertisementFuzzTest {

    private static final InetAddress SOURCE4 = ip("198.18.0.2");
    private static final InetAddress DEST4 = ip("224.0.0.18");
    private static final InetAddress SOURCE6 = ip("fe80::2");
    private static final InetAddress DEST6 = ip("ff02::12");

    private final Random random = new Random(0x5EED_0112L);

    @Test
    void randomAdvertisementsRoundTrip() {
        for (int i = 0; i < 5_000; i++) {
            VrrpAdvertisement advertisement = randomAdvertisement();
            boolean ipv6 = advertisement.ipv6() || (advertisement.version() == 3 && random.nextBoolean()
                    && advertisement.addressCount() == 0);
            InetAddress source = ipv6 ? SOURCE6 : SOURCE4;
            InetAddress destination = ipv6 ? DEST6 : DEST4;

            byte[] wire = VrrpAdvertisementEncoder.encode(advertisement, source, destination);

            assertThat(wire).hasSize(advertisement.length());
            assertThat(VrrpAdvertisementDecoder.decode(wire, 0, wire.length, source, destination, 255))
                    .isEqualTo(new DecodeResult.Valid(advertisement, false));
        }
    }

    @Test
    void mutatedPacketsNeverThrowAndWhatIsAcceptedIsStable() {
        Set<DropReason> seen = EnumSet.noneOf(DropReason.class);
        int accepted = 0;
        for (int i = 0; i < 30_000; i++) {
            VrrpAdvertisement original = randomAdvertisement();
            boolean ipv6 = original.ipv6();
            InetAddress source = ipv6 ? SOURCE6 : SOURCE4;
            InetAddress destination = ipv6 ? DEST6 : DEST4;
            byte[] wire = mutate(VrrpAdvertisementEncoder.encode(original, source, destination), source, destination);
            int ttl = random.nextInt(20) == 0 ? random.nextInt(256) : 255;

            DecodeResult result = VrrpAdvertisementDecoder.decode(wire, 0, wire.length, source, destination, ttl);

            switch (result) {
                case DecodeResult.Dropped dropped -> {
                    seen.add(dropped.reason());
                    assertThat(dropped.detail()).isNotBlank();
                }
                case DecodeResult.Valid valid -> {
                    accepted++;
                    VrrpAdvertisement decoded = valid.advertisement();
                    byte[] again = VrrpAdvertisementEncoder.encode(decoded, source, destination);
                    assertThat(VrrpAdvertisementDecoder.decode(again, 0, again.length, source, destination, 255))
                            .isEqualTo(new DecodeResult.Valid(decoded, false));
                }
            }
        }
        assertThat(accepted).isPositive();
        assertThat(seen).contains(DropReason.BAD_CHECKSUM, DropReason.LENGTH_MISMATCH, DropReason.TOO_SHORT,
                DropReason.BAD_TTL, DropReason.BAD_VERSION, DropReason.BAD_TYPE, DropReason.BAD_VRID,
                DropReason.UNKNOWN_AUTH_TYPE, DropReason.BAD_ADVERT_INTERVAL);
    }

    @Test
    void pureNoiseNeverThrows() {
        for (int i = 0; i < 30_000; i++) {
            byte[] noise = new byte[random.nextInt(120)];
            random.nextBytes(noise);
            if (noise.length > 0 && random.nextBoolean()) {
                // Half the time a plausible first byte, so the noise reaches the deeper checks.
                noise[0] = (byte) (random.nextBoolean() ? 0x21 : 0x31);
            }
            boolean ipv6 = random.nextBoolean();
            int offset = noise.length == 0 ? 0 : random.nextInt(noise.length);
            int length = noise.length - offset;
            VrrpAdvertisementDecoder.decode(noise, offset, length, ipv6 ? SOURCE6 : SOURCE4, ipv6 ? DEST6 : DEST4,
                    255);
        }
    }

    private byte[] mutate(byte[] wire, InetAddress source, InetAddress destination) {
        return switch (random.nextInt(5)) {
            case 0 -> Arrays.copyOf(wire, random.nextInt(wire.length + 1));
            case 1 -> {
                byte[] longer = Arrays.copyOf(wire, wire.length + 1 + random.nextInt(40));
                for (int i = wire.length; i < longer.length; i++) {
                    longer[i] = (byte) random.nextInt();
                }
                yield longer;
            }
            case 2 -> {
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    wire[random.nextInt(wire.length)] ^= (byte) (1 << random.nextInt(8));
                }
                yield wire;
            }
            case 3 -> {
                // A field changed and the checksum made right again: only the field checks stand in the way.
                int index = random.nextInt(Math.min(wire.length, 8));
                if (index != 6 && index != 7) {
                    wire[index] = (byte) random.nextInt();
                }
                if ((wire[0] & 0xF0) == 0x20) {
                    VrrpAdvertisementCodecTest.fixV2Checksum(wire);
                } else {
                    VrrpAdvertisementCodecTest.fixV3Checksum(wire, source, destination);
                }
                yield wire;
            }
            default -> wire;
        };
    }

    private VrrpAdvertisement randomAdvertisement() {
        int version = random.nextBoolean() ? 2 : 3;
        boolean ipv6 = version == 3 && random.nextBoolean();
        int count = random.nextInt(10) == 0 ? random.nextInt(256) : random.nextInt(4);
        List<InetAddress> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            addresses.add(randomAddress(ipv6));
        }
        Authentication authentication = Authentication.NONE;
        if (version == 2 && random.nextBoolean()) {
            byte[] password = new byte[8];
            random.nextBytes(password);
            authentication = Authentication.SimplePassword.ofWire(password);
        }
        int interval = version == 2 ? 1 + random.nextInt(255) : 1 + random.nextInt(4095);
        return new VrrpAdvertisement(version, 1 + random.nextInt(255), random.nextInt(256), authentication, interval,
                addresses);
    }

    private InetAddress randomAddress(boolean ipv6) {
        byte[] raw = new byte[ipv6 ? 16 : 4];
        random.nextBytes(raw);
        try {
            return ipv6 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
