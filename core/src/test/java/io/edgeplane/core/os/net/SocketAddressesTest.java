package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The socket address structs byte by byte, little-endian host fields as on x86_64 and aarch64. */
class SocketAddressesTest {

    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    private static String hex(MemorySegment segment) {
        return HexFormat.of().formatHex(segment.toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void sockaddrInHoldsFamilyAndAddress() throws Exception {
        MemorySegment sin = SocketAddresses.ip(arena, InetAddress.getByName("198.18.0.1"), 0);
        assertThat(hex(sin)).isEqualTo("0200" + "0000" + "c6120001" + "0000000000000000");
        assertThat(SocketAddresses.readIp(sin)).isEqualTo(InetAddress.getByName("198.18.0.1"));
    }

    @Test
    void sockaddrInWithAPortAndAddressesAsBits() throws Exception {
        Inet4Address broadcast = (Inet4Address) InetAddress.getByName("255.255.255.255");
        MemorySegment sin = SocketAddresses.ipv4(arena, broadcast, 67);
        assertThat(hex(sin)).isEqualTo("0200" + "0043" + "ffffffff" + "0000000000000000");
        assertThat(SocketAddresses.ipv4Bits((Inet4Address) InetAddress.getByName("198.18.0.1"))).isEqualTo(0xC6120001);
        assertThat(SocketAddresses.ipv4(0xC6120001)).isEqualTo(InetAddress.getByName("198.18.0.1"));
        assertThat(SocketAddresses.ipv4(-1)).isEqualTo(broadcast);
        assertThatThrownBy(() -> SocketAddresses.ipv4(arena, broadcast, 65_536)).hasMessageContaining("port 65536");
    }

    @Test
    void sockaddrIn6HoldsAddressAndScope() throws Exception {
        InetAddress linkLocal = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 7);
        MemorySegment sin6 = SocketAddresses.ip(arena, linkLocal, 7);
        assertThat(hex(sin6)).isEqualTo("0a00" + "0000" + "00000000" + "fe800000000000000000000000000001"
                + "07000000");
        assertThat(SocketAddresses.readIp(sin6)).isEqualTo(linkLocal);
        assertThat(((Inet6Address) SocketAddresses.readIp(sin6)).getScopeId()).isEqualTo(7);
    }

    @Test
    void sockaddrNlAndSockaddrLl() {
        assertThat(hex(SocketAddresses.netlink(arena, 1))).isEqualTo("1000" + "0000" + "00000000" + "01000000");
        MemorySegment ll = SocketAddresses.link(arena, 3, 0x0806, MacAddress.BROADCAST);
        // family 17, protocol htons(0x0806), ifindex 3, hatype 0, pkttype 0, halen 6, address and two spare bytes.
        assertThat(hex(ll)).isEqualTo("1100" + "0806" + "03000000" + "0000" + "00" + "06" + "ffffffffffff0000");
        assertThat(hex(SocketAddresses.link(arena, 3, 0x86DD, null)))
                .isEqualTo("1100" + "86dd" + "03000000" + "0000" + "00" + "00" + "0000000000000000");
    }

    @Test
    void multicastRequests() throws Exception {
        MemorySegment mreqn = SocketAddresses.ipMreqn(arena, (Inet4Address) InetAddress.getByName("224.0.0.18"), 5);
        assertThat(hex(mreqn)).isEqualTo("e0000012" + "00000000" + "05000000");
        assertThat(hex(SocketAddresses.ipMreqn(arena, null, 5))).isEqualTo("00000000" + "00000000" + "05000000");
        MemorySegment mreq6 = SocketAddresses.ipv6Mreq(arena, (Inet6Address) InetAddress.getByName("ff02::12"), 5);
        assertThat(hex(mreq6)).isEqualTo("ff020000000000000000000000000012" + "05000000");
    }

    @Test
    void aSockaddrOfAnotherFamilyIsRefused() {
        MemorySegment nl = SocketAddresses.netlink(arena, 0);
        assertThatThrownBy(() -> SocketAddresses.readIp(nl)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("family 16");
    }
}
