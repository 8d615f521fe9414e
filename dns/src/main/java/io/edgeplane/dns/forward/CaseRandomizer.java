package io.edgeplane.dns.forward;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * 0x20 (draft-vixie-dnsext-dns0x20): each ASCII letter of a name sent upstream gets a random case, and the reply
 * must repeat it exactly, so a spoofed reply has to guess a bit per letter on top of the ID and port.
 */
final class CaseRandomizer {

    private final RandomGenerator random;

    /** @param random unpredictable to an attacker (a {@link java.security.SecureRandom}) */
    CaseRandomizer(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    String apply(String name) {
        char[] chars = name.toCharArray();
        long bits = 0;
        int left = 0;
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            boolean letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            if (letter) {
                if (left == 0) {
                    bits = random.nextLong();
                    left = 64;
                }
                chars[i] = (bits & 1) != 0 ? (char) (c & ~0x20) : (char) (c | 0x20);
                bits >>>= 1;
                left--;
            }
        }
        return new String(chars);
    }
}
