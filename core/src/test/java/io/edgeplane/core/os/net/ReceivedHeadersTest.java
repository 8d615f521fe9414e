package io.edgeplane.core.os.net;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The IPv4 header in front of a raw payload and the control messages of recvmsg, on plain memory. */
class ReceivedHeadersTest {

    private final Arena arena = Arena.ofConfined();

    @AfterEach
    void close() {
        arena.close();
    }

    private MemorySegment bytes(String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        MemorySegment segment = arena.allocate(bytes.length, 8);
        MemorySegment.copy(bytes, 0, segment, JAVA_BYTE, 0, bytes.length);
        return segment;
    }

    @Test
    void readsTtlAddressesAndHeaderLength() throws Exception {
        // 20-byte header: TTL 255, protocol 112, 198.18.0.1 -> 224.0.0.18, then a payload byte.
        MemorySegment datagram = bytes("45c0001500004000ff70abcd" + "c6120001" + "e0000012" + "21");
        ReceivedHeaders.Ipv4Header header = ReceivedHeaders.ipv4(datagram, datagram.byteSize());
        assertThat(header.headerLength()).isEqualTo(20);
        assertThat(header.ttl()).isEqualTo(255);
        assertThat(header.source()).isEqualTo(InetAddress.getByName("198.18.0.1"));
        assertThat(header.destination()).isEqualTo(InetAddress.getByName("224.0.0.18"));
    }

    @Test
    void skipsIpOptions() {
        // IHL 6: a router-alert option (94040000) before the payload.
        MemorySegment datagram = bytes("46000019000040000170abcd" + "c6120001" + "e0000012" + "94040000" + "21");
        ReceivedHeaders.Ipv4Header header = ReceivedHeaders.ipv4(datagram, datagram.byteSize());
        assertThat(header.headerLength()).isEqualTo(24);
        assertThat(header.ttl()).isEqualTo(1);
    }

    @Test
    void aHeaderThatIsNoneIsABug() {
        assertThatThrownBy(() -> ReceivedHeaders.ipv4(bytes("6000"), 2)).hasMessageContaining("2 bytes");
        MemorySegment v6 = bytes("65000015000040004070abcdc6120001e0000012");
        assertThatThrownBy(() -> ReceivedHeaders.ipv4(v6, 20)).hasMessageContaining("0x65");
        MemorySegment longHeader = bytes("4f000015000040004070abcdc6120001e0000012");
        assertThatThrownBy(() -> ReceivedHeaders.ipv4(longHeader, 20)).hasMessageContaining("20..60");
    }

    @Test
    void readsIpPktinfo() throws Exception {
        MemorySegment control = arena.allocate(64, 8);
        control.set(JAVA_LONG, 0, 16 + 12);
        control.set(JAVA_INT, 8, Abi.SOL_IP);
        control.set(JAVA_INT, 12, Abi.IP_PKTINFO);
        control.set(JAVA_INT, 16, 4);                                     // ipi_ifindex
        MemorySegment.copy(new byte[] {(byte) 198, 18, 0, 2}, 0, control, JAVA_BYTE, 20, 4);  // ipi_spec_dst
        MemorySegment.copy(new byte[] {(byte) 224, 0, 0, 18}, 0, control, JAVA_BYTE, 24, 4);  // ipi_addr
        ReceivedHeaders.Control parsed = ReceivedHeaders.control(control, 32);
        assertThat(parsed.ifindex()).isEqualTo(4);
        assertThat(parsed.destination()).isEqualTo(InetAddress.getByName("224.0.0.18"));
        assertThat(parsed.hopLimit()).isEqualTo(-1);
    }

    @Test
    void readsIpv6PktinfoAndHopLimitInEitherOrder() throws Exception {
        MemorySegment control = arena.allocate(64, 8);
        control.set(JAVA_LONG, 0, 16 + 4);
        control.set(JAVA_INT, 8, Abi.SOL_IPV6);
        control.set(JAVA_INT, 12, Abi.IPV6_HOPLIMIT);
        control.set(JAVA_INT, 16, 255);
        // CMSG_SPACE(4) = 24: the next one starts there.
        control.set(JAVA_LONG, 24, 16 + 20);
        control.set(JAVA_INT, 32, Abi.SOL_IPV6);
        control.set(JAVA_INT, 36, Abi.IPV6_PKTINFO);
        MemorySegment.copy(InetAddress.getByName("ff02::12").getAddress(), 0, control, JAVA_BYTE, 40, 16);
        control.set(JAVA_INT, 56, 9);
        ReceivedHeaders.Control parsed = ReceivedHeaders.control(control, 64);
        assertThat(parsed.hopLimit()).isEqualTo(255);
        assertThat(parsed.ifindex()).isEqualTo(9);
        assertThat(parsed.destination()).isEqualTo(InetAddress.getByName("ff02::12"));
    }

    @Test
    void aControlMessageRunningPastTheEndIsIgnored() {
        MemorySegment control = arena.allocate(64, 8);
        control.set(JAVA_LONG, 0, 200);
        control.set(JAVA_INT, 8, Abi.SOL_IPV6);
        control.set(JAVA_INT, 12, Abi.IPV6_HOPLIMIT);
        assertThat(ReceivedHeaders.control(control, 64).hopLimit()).isEqualTo(-1);
        control.set(JAVA_LONG, 0, 3);
        assertThat(ReceivedHeaders.control(control, 64).hopLimit()).isEqualTo(-1);
    }
}
