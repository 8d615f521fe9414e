package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** VIPs added and removed through rtnetlink in a namespace, checked against the kernel's own view and {@code ip}. */
class RtnetlinkNamespaceTest {

    private VethPair pair;
    private Rtnetlink rtnetlink;

    @BeforeEach
    void createPair() throws Exception {
        pair = VethPair.create();
        rtnetlink = pair.a.call(() -> Rtnetlink.open(pair.libc));
    }

    @AfterEach
    void deletePair() throws Exception {
        if (rtnetlink != null) {
            rtnetlink.close();
        }
        if (pair != null) {
            pair.close();
        }
    }

    private String ipAddr() throws Exception {
        return VethPair.ip("-n", pair.a.name(), "-o", "addr", "show", "dev", pair.interfaceA);
    }

    @Test
    void anIpv4VipWithALabelComesAndGoes() throws Exception {
        InetAddress vip = InetAddress.getByName("198.18.0.100");
        String label = pair.interfaceA + ":v";

        assertThat(rtnetlink.addAddress(pair.ifindexA, vip, 32, Optional.of(label))).isTrue();

        List<AssignedAddress> addresses = rtnetlink.addresses(pair.ifindexA);
        assertThat(addresses).filteredOn(a -> a.address().equals(vip)).singleElement().satisfies(a -> {
            assertThat(a.prefixLength()).isEqualTo(32);
            assertThat(a.label()).contains(label);
            assertThat(a.scope()).isZero();
            assertThat(a.ifindex()).isEqualTo(pair.ifindexA);
        });
        assertThat(AssignedAddress.primary(addresses, StandardProtocolFamily.INET)).map(AssignedAddress::address)
                .as("the VIP comes after the interface's own address")
                .contains(InetAddress.getByName(VethPair.ADDRESS_A));
        assertThat(ipAddr()).contains("inet 198.18.0.100/32 scope global " + label);

        assertThat(rtnetlink.addAddress(pair.ifindexA, vip, 32, Optional.of(label))).as("EEXIST: already there")
                .isFalse();

        assertThat(rtnetlink.removeAddress(pair.ifindexA, vip, 32)).isTrue();
        assertThat(rtnetlink.addresses(pair.ifindexA)).extracting(AssignedAddress::address).doesNotContain(vip);
        assertThat(ipAddr()).doesNotContain("198.18.0.100");
        assertThat(rtnetlink.removeAddress(pair.ifindexA, vip, 32)).as("EADDRNOTAVAIL: already gone").isFalse();
    }

    @Test
    void anIpv6VipIsAddedWithoutDadAndIsNotTentative() throws Exception {
        // Re-enable DAD in this namespace: without nodad the address would now be tentative for a second.
        VethPair.run("ip", "netns", "exec", pair.a.name(), "sysctl", "-q", "-w",
                "net.ipv6.conf." + pair.interfaceA + ".accept_dad=1");
        InetAddress vip = InetAddress.getByName("2001:2::100");

        assertThat(rtnetlink.addAddress(pair.ifindexA, vip, 64, Optional.empty())).isTrue();

        assertThat(rtnetlink.addresses(pair.ifindexA)).filteredOn(a -> a.address().equals(vip)).singleElement()
                .satisfies(a -> {
                    assertThat(a.isNoDad()).isTrue();
                    assertThat(a.isTentative()).isFalse();
                    assertThat(a.prefixLength()).isEqualTo(64);
                    assertThat(a.label()).isEmpty();
                });
        assertThat(ipAddr()).contains("inet6 2001:2::100/64 scope global nodad").doesNotContain("tentative");
        assertThat(rtnetlink.addAddress(pair.ifindexA, vip, 64, Optional.empty())).isFalse();
        assertThat(rtnetlink.removeAddress(pair.ifindexA, vip, 64)).isTrue();
        assertThat(rtnetlink.removeAddress(pair.ifindexA, vip, 64)).isFalse();
    }

    @Test
    void theLinkIsWhatIpShows() throws Exception {
        Link link = rtnetlink.link(pair.ifindexA).orElseThrow();
        assertThat(link.name()).isEqualTo(pair.interfaceA);
        assertThat(link.isUp()).isTrue();
        assertThat(link.isRunning()).isTrue();
        assertThat(link.isOperational()).isTrue();
        assertThat(link.operState()).isEqualTo(OperState.UP);
        assertThat(link.mtu()).isEqualTo(1500);
        String shown = VethPair.ip("-n", pair.a.name(), "-o", "link", "show", "dev", pair.interfaceA);
        assertThat(shown).contains("link/ether " + link.hardwareAddress().orElseThrow() + " ");
        assertThat(rtnetlink.link(pair.interfaceA)).contains(link);
        assertThat(rtnetlink.link("nosuchdev0")).isEmpty();
        assertThat(rtnetlink.link(99_999)).isEmpty();
        assertThat(rtnetlink.link("lo")).map(Link::hardwareAddress).contains(Optional.of(new MacAddress(0)));
    }

    @Test
    void badArgumentsAreRefusedBeforeTheKernelSeesThem() throws Exception {
        InetAddress vip = InetAddress.getByName("198.18.0.100");
        assertThatThrownBy(() -> rtnetlink.addAddress(pair.ifindexA, vip, 32, Optional.of("other:vip")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'other:vip'");
        assertThatThrownBy(() -> rtnetlink.addAddress(pair.ifindexA, vip, 32,
                Optional.of(pair.interfaceA + ":toolong"))).hasMessageContaining("at most 15 bytes");
        assertThatThrownBy(() -> rtnetlink.addAddress(pair.ifindexA, InetAddress.getByName("2001:2::1"), 64,
                Optional.of(pair.interfaceA + ":v"))).hasMessageContaining("labels are IPv4 only");
        assertThatThrownBy(() -> rtnetlink.addAddress(pair.ifindexA, vip, 33, Optional.empty()))
                .hasMessageContaining("prefix length 33").hasMessageContaining("expected 0..32");
        assertThatThrownBy(() -> rtnetlink.addAddress(0, vip, 32, Optional.empty()))
                .hasMessageContaining("ifindex 0");
    }

    @Test
    void aKernelRefusalCarriesTheErrnoAndTheKernelsWords() {
        // No such interface: the kernel answers ENODEV, which for an add is an error, not an answer.
        assertThatThrownBy(() -> rtnetlink.addAddress(99_999, InetAddress.getByName("198.18.0.100"), 32,
                Optional.empty()))
                .isInstanceOf(SystemCallException.class)
                .hasMessageContaining("RTM_NEWADDR 198.18.0.100/32 ifindex 99999")
                .satisfies(e -> assertThat(((SystemCallException) e).errnoName()).isEqualTo("ENODEV"));
    }
}
