package io.edgeplane.dns.zone;

import static io.edgeplane.dns.zone.Zones.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** bogus-priv: reverse names of private and local space stay home; public ones and anything else go upstream. */
class PrivateReverseTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            5.1.168.192.in-addr.arpa        | true
            168.192.in-addr.arpa            | true
            1.168.192.in-addr.arpa          | true
            192.in-addr.arpa                | false
            169.192.in-addr.arpa            | false
            10.in-addr.arpa                 | true
            1.2.3.10.in-addr.arpa           | true
            255.255.255.10.in-addr.arpa     | true
            11.in-addr.arpa                 | false
            16.172.in-addr.arpa             | true
            31.172.in-addr.arpa             | true
            1.2.20.172.in-addr.arpa         | true
            15.172.in-addr.arpa             | false
            32.172.in-addr.arpa             | false
            1.0.32.172.in-addr.arpa         | false
            172.in-addr.arpa                | false
            127.in-addr.arpa                | true
            1.0.0.127.in-addr.arpa          | true
            254.169.in-addr.arpa            | true
            1.2.254.169.in-addr.arpa        | true
            253.169.in-addr.arpa            | false
            64.100.in-addr.arpa             | true
            127.100.in-addr.arpa            | true
            1.2.100.100.in-addr.arpa        | true
            63.100.in-addr.arpa             | false
            128.100.in-addr.arpa            | false
            100.in-addr.arpa                | false
            0.in-addr.arpa                  | true
            0.0.0.0.in-addr.arpa            | true
            8.8.8.8.in-addr.arpa            | false
            1.1.1.1.in-addr.arpa            | false
            8.in-addr.arpa                  | false
            in-addr.arpa                    | false
            arpa                            | false
            ''                              | false
            example.com                     | false
            10.example.com                  | false
            xin-addr.arpa                   | false
            10.xin-addr.arpa                | false
            10.in-addr.arpa.example         | false
            """)
    void ipv4Zones(String name, boolean privateSpace) {
        assertThat(PrivateReverse.isPrivateReverse(name)).isEqualTo(privateSpace);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            foo.10.in-addr.arpa             | true
            300.10.in-addr.arpa             | true
            a.b.c.d.e.10.in-addr.arpa       | true
            1.2.3.4.5.6.10.in-addr.arpa     | true
            _x.1.168.192.in-addr.arpa       | true
            300.172.in-addr.arpa            | false
            foo.172.in-addr.arpa            | false
            16.foo.in-addr.arpa             | false
            010.in-addr.arpa                | false
            016.172.in-addr.arpa            | false
            00.in-addr.arpa                 | false
            1000.in-addr.arpa               | false
            256.in-addr.arpa                | false
            -10.in-addr.arpa                | false
            .10.in-addr.arpa                | true
            10..in-addr.arpa                | false
            """)
    void labelsThatAreNotOctetsEndTheZone(String name, boolean privateSpace) {
        assertThat(PrivateReverse.isPrivateReverse(name)).isEqualTo(privateSpace);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            c.f.ip6.arpa                    | true
            d.f.ip6.arpa                    | true
            1.2.d.f.ip6.arpa                | true
            f.ip6.arpa                      | false
            b.f.ip6.arpa                    | false
            e.f.ip6.arpa                    | false
            8.e.f.ip6.arpa                  | true
            9.e.f.ip6.arpa                  | true
            a.e.f.ip6.arpa                  | true
            b.e.f.ip6.arpa                  | true
            0.0.8.e.f.ip6.arpa              | true
            7.e.f.ip6.arpa                  | false
            c.e.f.ip6.arpa                  | false
            0.ip6.arpa                      | false
            8.b.d.0.1.0.0.2.ip6.arpa        | false
            ip6.arpa                        | false
            xip6.arpa                       | false
            cd.f.ip6.arpa                   | false
            C.F.ip6.arpa                    | false
            g.ip6.arpa                      | false
            foo.8.e.f.ip6.arpa              | true
            foo.e.f.ip6.arpa                | false
            """)
    void ipv6Zones(String name, boolean privateSpace) {
        assertThat(PrivateReverse.isPrivateReverse(name)).isEqualTo(privateSpace);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"192.168.77.10", "10.255.0.1", "172.16.0.1", "172.31.255.255", "127.0.0.1",
            "169.254.1.1", "100.64.0.1", "100.127.255.255", "0.0.0.0", "0.1.2.3",
            "::1", "fc00::1", "fd12:3456:789a::1", "fe80::1", "fe9f::1", "fea0::1", "febf:ffff::1"})
    void ptrNamesOfPrivateAddresses(String address) {
        assertThat(PrivateReverse.isPrivateReverse(ReverseName.of(ip(address)))).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"8.8.8.8", "1.1.1.1", "172.15.255.255", "172.32.0.1", "192.169.0.1", "100.63.255.255",
            "100.128.0.0", "11.0.0.1", "126.255.255.255", "128.0.0.1", "169.253.0.1",
            "2001:db8::1", "2001:4860:4860::8888", "::2", "::", "fb00::1", "fe00::1", "fec0::1", "ff02::1"})
    void ptrNamesOfPublicAddresses(String address) {
        assertThat(PrivateReverse.isPrivateReverse(ReverseName.of(ip(address)))).isFalse();
    }

    @Test
    void theLoopbackZoneIsTheWholeAddress() {
        String loopback = ReverseName.of(ip("::1"));
        String parentOfLoopback = loopback.substring(2);

        assertThat(loopback).startsWith("1.0.0.0.");
        assertThat(PrivateReverse.isPrivateReverse(loopback)).isTrue();
        assertThat(PrivateReverse.isPrivateReverse("x." + loopback)).isTrue();
        assertThat(PrivateReverse.isPrivateReverse("0." + loopback)).isTrue();
        // ::/124 holds ::1 and public-looking neighbours alike, so it is not local as a whole.
        assertThat(PrivateReverse.isPrivateReverse(parentOfLoopback)).isFalse();
    }

    @Test
    void askingAllocatesNothing() {
        String[] names = {"5.1.168.192.in-addr.arpa", "8.8.8.8.in-addr.arpa", "foo.10.in-addr.arpa",
                ReverseName.of(ip("fe80::1")), ReverseName.of(ip("2001:db8::1")), "example.com"};
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int hits = 0;
        for (int warm = 0; warm < 50_000; warm++) {
            hits += countPrivate(names);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 20_000; i++) {
            hits += countPrivate(names);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(hits).isEqualTo(70_000 * 3);
        // 120,000 calls; a few bytes of slack for the measurement itself.
        assertThat(allocated).isLessThan(1_000);
    }

    private static int countPrivate(String[] names) {
        int count = 0;
        for (String name : names) {
            count += PrivateReverse.isPrivateReverse(name) ? 1 : 0;
        }
        return count;
    }
}
