package io.edgeplane.core.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.InvalidValueException;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AccessListTest {

    private static List<Cidr> cidrs(String... texts) {
        return Stream.of(texts).map(t -> {
            try {
                return Cidr.parse(t);
            } catch (InvalidValueException e) {
                throw new IllegalArgumentException(e);
            }
        }).toList();
    }

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    @Test
    void emptyListsLetEveryoneIn() {
        assertThat(AccessList.OPEN.permits(ip("203.0.113.9"))).isTrue();
        assertThat(AccessList.OPEN.permits(ip("2001:db8::1"))).isTrue();
    }

    @Test
    void allowListLetsInOnlyItsNetworks() {
        AccessList access = new AccessList(cidrs("10.0.0.0/8", "2001:db8::/32"), List.of());
        assertThat(access.permits(ip("10.200.3.4"))).isTrue();
        assertThat(access.permits(ip("11.0.0.1"))).isFalse();
        assertThat(access.permits(ip("2001:db8:1::5"))).isTrue();
        assertThat(access.permits(ip("2001:db9::5"))).isFalse();
    }

    @Test
    void denyIsCheckedFirst() {
        AccessList access = new AccessList(cidrs("10.0.0.0/8"), cidrs("10.1.0.0/16"));
        assertThat(access.permits(ip("10.1.2.3"))).isFalse();
        assertThat(access.permits(ip("10.2.2.3"))).isTrue();
        AccessList denyOnly = new AccessList(List.of(), cidrs("192.0.2.0/24"));
        assertThat(denyOnly.permits(ip("192.0.2.77"))).isFalse();
        assertThat(denyOnly.permits(ip("198.51.100.1"))).isTrue();
    }

    @Test
    void ipv4MappedClientsMatchIpv4Rules() {
        AccessList access = new AccessList(cidrs("10.0.0.0/8"), cidrs("10.9.9.9"));
        assertThat(access.permits(ip("::ffff:10.1.1.1"))).isTrue();
        assertThat(access.permits(ip("::ffff:10.9.9.9"))).isFalse();
        assertThat(access.permits(ip("::ffff:192.0.2.1"))).isFalse();
    }
}
