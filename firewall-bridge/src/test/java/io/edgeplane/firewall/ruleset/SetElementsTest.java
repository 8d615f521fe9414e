package io.edgeplane.firewall.ruleset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SetElementsTest {

    @Test
    void addressesTakeTheFormNftPrints() {
        assertThat(SetElements.canonical("ipv4_addr", "10.1.2.3/8")).isEqualTo("10.0.0.0/8");
        assertThat(SetElements.canonical("ipv4_addr", "192.0.2.1/32")).isEqualTo("192.0.2.1");
        assertThat(SetElements.canonical("ipv4_addr", "10.0.0.0-10.0.0.255")).isEqualTo("10.0.0.0/24");
        assertThat(SetElements.canonical("ipv4_addr", "10.0.0.5-10.0.0.5")).isEqualTo("10.0.0.5");
        assertThat(SetElements.canonical("ipv4_addr", "198.18.0.10-198.18.0.20")).isEqualTo("198.18.0.10-198.18.0.20");
        assertThat(SetElements.canonical("ipv4_addr", "0.0.0.0/0")).isEqualTo("0.0.0.0/0");
        assertThat(SetElements.canonical("ipv4_addr", "0.0.0.0-0.255.255.255")).isEqualTo("0.0.0.0/8");
        assertThat(SetElements.canonical("ipv6_addr", "2001:0db8:0:0:0:0:0:1")).isEqualTo("2001:db8::1");
        assertThat(SetElements.canonical("ipv6_addr", "fd12::/8")).isEqualTo("fd00::/8");
        assertThat(SetElements.canonical("ipv6_addr", "::/0")).isEqualTo("::/0");
    }

    @Test
    void whatDoesNotParseIsLeftAsWritten() {
        assertThat(SetElements.canonical("ipv4_addr", "10.0.0.0/33")).isEqualTo("10.0.0.0/33");
        assertThat(SetElements.canonical("ipv4_addr", "10.0.0.9-10.0.0.1")).isEqualTo("10.0.0.9-10.0.0.1");
        assertThat(SetElements.canonical("inet_service", " 443 ")).isEqualTo("443");
    }

    @Test
    void interfaceNamesAreQuoted() {
        assertThat(SetElements.canonical("ifname", "eth0")).isEqualTo("\"eth0\"");
        assertThat(SetElements.canonical("ifname", "\"br-*\"")).isEqualTo("\"br-*\"");
    }

    @Test
    void elementsAreSortedByValueAsNftListsThem() {
        assertThat(SetElements.sorted("ipv4_addr",
                List.of("192.168.1.7", "10.0.0.0/8", "9.255.255.255", "172.16.0.0/12", "10.0.0.0/8")))
                .containsExactly("9.255.255.255", "10.0.0.0/8", "172.16.0.0/12", "192.168.1.7");
        assertThat(SetElements.sorted("ipv6_addr", List.of("fd00::/8", "2001:db8::/32", "::1")))
                .containsExactly("::1", "2001:db8::/32", "fd00::/8");
        // nft 1.0.6 printed { "ZZ", "a", "br-*", "br0", "eth0" }: bytes, with a wildcard at its prefix
        assertThat(SetElements.sorted("ifname", List.of("\"eth0\"", "\"br0\"", "\"a\"", "\"br-*\"", "\"ZZ\"")))
                .containsExactly("\"ZZ\"", "\"a\"", "\"br-*\"", "\"br0\"", "\"eth0\"");
        assertThat(SetElements.sorted("inet_service", List.of("443", "80", "1000-2000", "22")))
                .containsExactly("22", "80", "443", "1000-2000");
    }

    @Test
    void elementsOfAnUnknownTypeKeepTheirOrder() {
        assertThat(SetElements.sorted("ether_addr", List.of("00:11:22:33:44:56", "00:11:22:33:44:55")))
                .containsExactly("00:11:22:33:44:56", "00:11:22:33:44:55");
    }

    @Test
    void nftWrapsAfterFiveNumbersTwoIpv4AddressesOrOneOfAnythingLonger() {
        assertThat(SetElements.perLine("inet_service")).isEqualTo(5);
        assertThat(SetElements.perLine("mark")).isEqualTo(5);
        assertThat(SetElements.perLine("ipv4_addr")).isEqualTo(2);
        assertThat(SetElements.perLine("ipv6_addr")).isEqualTo(1);
        assertThat(SetElements.perLine("ifname")).isEqualTo(1);
    }
}
