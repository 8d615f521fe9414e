package io.edgeplane.firewall.compile;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/** Which IP version a match applies to; an {@code inet} table holds both, and a rule may only mix one of them. */
enum Family {
    ANY, V4, V6;

    static Family of(InetAddress address) {
        return address instanceof Inet4Address ? V4 : V6;
    }

    /** The family of a rule with both matches, or empty when one is IPv4 only and the other IPv6 only. */
    Optional<Family> and(Family other) {
        if (this == ANY) {
            return Optional.of(other);
        }
        if (other == ANY || other == this) {
            return Optional.of(this);
        }
        return Optional.empty();
    }
}
