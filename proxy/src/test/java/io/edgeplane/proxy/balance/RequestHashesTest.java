package io.edgeplane.proxy.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.within;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RequestHashesTest {

    @Test
    void anAddressHashesTheSameHoweverItIsSpelled() throws Exception {
        assertThat(RequestHashes.ofAddress(InetAddress.getByName("2001:db8::1")))
                .isEqualTo(RequestHashes.ofAddress(InetAddress.getByName("2001:0db8:0:0:0:0:0:0001")));
        // Java reads an IPv4-mapped IPv6 address as the IPv4 address, so a dual-stack listener's clients
        // hash as they would on an IPv4 one.
        assertThat(RequestHashes.ofAddress(InetAddress.getByName("::ffff:10.0.0.1")))
                .isEqualTo(RequestHashes.ofAddress(InetAddress.getByName("10.0.0.1")))
                .isNotEqualTo(RequestHashes.ofAddress(InetAddress.getByName("10.0.0.2")));
    }

    @Test
    void anyCharSequenceHashesLikeItsString() {
        assertThat(RequestHashes.of(new StringBuilder("user-42"))).isEqualTo(RequestHashes.of("user-42"));
        assertThat(RequestHashes.of("user-42")).isNotEqualTo(RequestHashes.of("user-43"));
    }

    @Test
    void valuesAreStableAcrossReleases() {
        // Pinned: a change here sends every client to a different server after an upgrade.
        assertThat(RequestHashes.of("")).isEqualTo(RequestHashes.mix(0xcbf29ce484222325L));
        assertThat(RequestHashes.of("a")).isEqualTo(RequestHashes.mix(0xaf63dc4c8601ec8cL));
        assertThat(RequestHashes.mix(1)).isEqualTo(0xb456bcfc34c2cb2cL);
    }

    @Test
    void sequentialAddressesDoNotCollide() throws Exception {
        Set<Long> hashes = new HashSet<>();
        for (int i = 0; i < 65_536; i++) {
            hashes.add(RequestHashes.ofAddress(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i})));
        }

        assertThat(hashes).hasSize(65_536);
    }

    @Test
    void mixingFlipsHalfTheBitsForOneFlippedBit() {
        SplittableRandom random = new SplittableRandom(13);
        long flipped = 0;
        int trials = 10_000;
        for (int i = 0; i < trials; i++) {
            long x = random.nextLong();
            flipped += Long.bitCount(RequestHashes.mix(x) ^ RequestHashes.mix(x ^ (1L << random.nextInt(64))));
        }

        assertThat((double) flipped / trials).isCloseTo(32, within(1.0));
    }

    @Test
    void rejectsNull() {
        assertThatNullPointerException().isThrownBy(() -> RequestHashes.of(null)).withMessage("value");
        assertThatNullPointerException().isThrownBy(() -> RequestHashes.ofAddress(null)).withMessage("address");
    }
}
