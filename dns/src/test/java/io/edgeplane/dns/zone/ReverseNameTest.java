package io.edgeplane.dns.zone;

import static io.edgeplane.dns.zone.Zones.ip;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The owner names of PTR records: octets reversed under in-addr.arpa, nibbles reversed under ip6.arpa. */
class ReverseNameTest {

    @Test
    void ipv4OctetsReversed() {
        assertThat(ReverseName.of(ip("192.168.77.10"))).isEqualTo("10.77.168.192.in-addr.arpa");
        assertThat(ReverseName.of(ip("0.0.0.255"))).isEqualTo("255.0.0.0.in-addr.arpa");
    }

    @Test
    void ipv6NibblesReversedInLowerCase() {
        // RFC 3596 §2.5's own example: 4321:0:1:2:3:4:567:89ab.
        assertThat(ReverseName.of(ip("4321:0:1:2:3:4:567:89AB")))
                .isEqualTo("b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa");
        assertThat(ReverseName.of(ip("2001:db8::1")))
                .isEqualTo("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
    }
}
