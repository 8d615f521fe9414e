package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The gratuitous ARP and unsolicited neighbour advertisement frames, byte by byte. */
class AnnouncementFramesTest {

    private static final MacAddress MAC = MacAddress.parse("00:00:5e:00:02:07");

    private static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    @Test
    void gratuitousArpIsABroadcastRequestForTheVipFromTheVip() throws Exception {
        ByteBuffer frame = GratuitousArp.frame(MAC, (Inet4Address) InetAddress.getByName("198.18.0.100"));
        assertThat(frame.remaining()).isEqualTo(GratuitousArp.LENGTH);
        assertThat(hex(frame)).isEqualTo(
                "ffffffffffff" + "00005e000207" + "0806"      // Ethernet: broadcast, from the MAC, ARP
                + "0001" + "0800" + "06" + "04" + "0001"      // Ethernet/IPv4, request
                + "00005e000207" + "c6120064"                 // sender: the MAC and the VIP
                + "ffffffffffff" + "c6120064");               // target: keepalived's ff..ff and the VIP
    }

    @Test
    void unsolicitedNeighbourAdvertisementGoesToAllNodesWithOverride() throws Exception {
        ByteBuffer frame = UnsolicitedNeighbourAdvertisement.frame(MAC,
                (Inet6Address) InetAddress.getByName("2001:2::100"), false);
        assertThat(frame.remaining()).isEqualTo(UnsolicitedNeighbourAdvertisement.LENGTH);
        assertThat(hex(frame)).isEqualTo(
                "333300000001" + "00005e000207" + "86dd"                        // to 33:33:00:00:00:01, IPv6
                + "60000000" + "0020" + "3a" + "ff"                               // 32 bytes of ICMPv6, hop limit 255
                + "20010002000000000000000000000100"                             // from the VIP
                + "ff020000000000000000000000000001"                             // to ff02::1
                + "88" + "00" + "b492"                                           // NA, checksum
                + "20000000"                                                     // Override only
                + "20010002000000000000000000000100"                             // target: the VIP
                + "02" + "01" + "00005e000207");                                 // target link-layer address
        // b492 was computed by an independent implementation (Python, RFC 1071 over the pseudo-header).
    }

    @Test
    void theRouterFlagFollowsTheCallerAndTheChecksumStillVerifies() throws Exception {
        Inet6Address vip = (Inet6Address) InetAddress.getByName("2001:2::100");
        ByteBuffer frame = UnsolicitedNeighbourAdvertisement.frame(MAC, vip, true);
        byte[] bytes = new byte[frame.remaining()];
        frame.get(bytes);
        assertThat(bytes[14 + 40 + 4] & 0xFF).isEqualTo(0xA0);
        // Summing a message with its checksum in place gives 0xffff, whose complement is 0.
        byte[] destination = InetAddress.getByName("ff02::1").getAddress();
        assertThat(UnsolicitedNeighbourAdvertisement.checksum(vip.getAddress(), destination, bytes, 54, 32))
                .isZero();
    }

    @Test
    void checksumOfAnOddLengthPadsWithZero() {
        byte[] zeros = new byte[16];
        // Pseudo-header alone: length 1 + next header 58 = 59; the byte 0x01 adds 0x0100 (padded): ~0x013b.
        assertThat(UnsolicitedNeighbourAdvertisement.checksum(zeros, zeros, new byte[] {1}, 0, 1))
                .isEqualTo(~0x013B & 0xFFFF);
    }
}
