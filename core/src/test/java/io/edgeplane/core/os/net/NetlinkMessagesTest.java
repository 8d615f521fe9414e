package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** rtnetlink requests and replies byte by byte, in the little-endian host order of x86_64 and aarch64. */
class NetlinkMessagesTest {

    private static String hex(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static ByteBuffer bytes(String hex) {
        return ByteBuffer.wrap(HexFormat.of().parseHex(hex));
    }

    @Test
    void newAddressForIpv4CarriesLocalAddressAndLabel() throws Exception {
        ByteBuffer request = NetlinkMessages.changeAddress(true, 7, 3, InetAddress.getByName("198.18.0.100"), 32,
                0, 0, Optional.of("eva:vip"));
        assertThat(hex(request)).isEqualTo(
                "34000000" + "1400" + "0506" + "07000000" + "00000000"     // len 52, RTM_NEWADDR, REQ|ACK|EXCL|CREATE
                + "02" + "20" + "00" + "00" + "03000000"                   // ifaddrmsg: AF_INET /32 ifindex 3
                + "0800" + "0200" + "c6120064"                             // IFA_LOCAL
                + "0800" + "0100" + "c6120064"                             // IFA_ADDRESS
                + "0c00" + "0300" + "6576613a76697000");                   // IFA_LABEL "eva:vip\0"
    }

    @Test
    void newAddressForIpv6IsNoDadWithoutLocal() throws Exception {
        ByteBuffer request = NetlinkMessages.changeAddress(true, 8, 3, InetAddress.getByName("2001:2::100"), 64,
                0, AssignedAddress.IFA_F_NODAD, Optional.empty());
        assertThat(hex(request)).isEqualTo(
                "34000000" + "1400" + "0506" + "08000000" + "00000000"
                + "0a" + "40" + "02" + "00" + "03000000"                   // AF_INET6 /64 ifa_flags NODAD
                + "1400" + "0100" + "20010002000000000000000000000100"     // IFA_ADDRESS
                + "0800" + "0800" + "02000000");                           // IFA_FLAGS NODAD
    }

    @Test
    void deleteAddressAsksForAnAckOnly() throws Exception {
        ByteBuffer request = NetlinkMessages.changeAddress(false, 9, 3, InetAddress.getByName("198.18.0.100"), 32,
                0, 0, Optional.empty());
        assertThat(hex(request)).isEqualTo("28000000" + "1500" + "0500" + "09000000" + "00000000"
                + "02200000" + "03000000" + "08000200c6120064" + "08000100c6120064");
    }

    @Test
    void getLinkByIndexAndByName() {
        assertThat(hex(NetlinkMessages.getLink(1, 5))).isEqualTo("20000000" + "1200" + "0500" + "01000000"
                + "00000000" + "00000000" + "05000000" + "00000000" + "00000000");
        assertThat(hex(NetlinkMessages.getLink(2, "eth0"))).isEqualTo("2c000000" + "1200" + "0500" + "02000000"
                + "00000000" + "00000000" + "00000000" + "00000000" + "00000000" + "0900" + "0300" + "6574683000000000");
        assertThat(hex(NetlinkMessages.dumpAddresses(3))).isEqualTo("18000000" + "1600" + "0103" + "03000000"
                + "00000000" + "0000000000000000");
    }

    @Test
    void parsesAMultipartDumpDatagram() throws Exception {
        String address = "3c000000" + "1400" + "0200" + "2a000000" + "99000000"   // RTM_NEWADDR, NLM_F_MULTI
                + "02" + "18" + "81" + "00" + "04000000"                            // /24 SECONDARY|PERMANENT, if 4
                + "0800" + "0100" + "c6120002" + "0800" + "0200" + "c6120002"
                + "0c00" + "0300" + "6576623a7800" + "0000"                         // "evb:x\0" padded
                + "0800" + "0800" + "81000000";                                     // IFA_FLAGS
        String done = "14000000" + "0300" + "0200" + "2a000000" + "99000000" + "00000000";
        List<NetlinkMessages.Message> messages = NetlinkMessages.parse(bytes(address + done));
        assertThat(messages).extracting(NetlinkMessages.Message::type)
                .containsExactly(NetlinkMessages.RTM_NEWADDR, NetlinkMessages.NLMSG_DONE);
        assertThat(messages).extracting(NetlinkMessages.Message::sequence).containsOnly(42);
        AssignedAddress parsed = NetlinkMessages.address(messages.getFirst()).orElseThrow();
        assertThat(parsed.address()).isEqualTo(InetAddress.getByName("198.18.0.2"));
        assertThat(parsed.prefixLength()).isEqualTo(24);
        assertThat(parsed.ifindex()).isEqualTo(4);
        assertThat(parsed.isSecondary()).isTrue();
        assertThat(parsed.isPermanent()).isTrue();
        assertThat(parsed.label()).contains("evb:x");
    }

    @Test
    void aLinkLocalAddressCarriesItsInterfaceAsScope() throws Exception {
        String address = "2c000000" + "1400" + "0000" + "01000000" + "00000000"
                + "0a" + "40" + "80" + "fd" + "06000000"
                + "1400" + "0100" + "fe800000000000000000000000000001";
        AssignedAddress parsed = NetlinkMessages.address(NetlinkMessages.parse(bytes(address)).getFirst())
                .orElseThrow();
        assertThat(((Inet6Address) parsed.address()).getScopeId()).isEqualTo(6);
        assertThat(parsed.scope()).isEqualTo(253);
        assertThat(parsed.label()).isEmpty();
        assertThat(parsed.isTentative()).isFalse();
    }

    @Test
    void parsesALink() {
        String link = "48000000" + "1000" + "0000" + "05000000" + "00000000"
                + "00" + "00" + "0100" + "07000000" + "43100100" + "00000000"      // ARPHRD_ETHER, if 7, flags
                + "0900" + "0300" + "6574683000000000"                              // IFLA_IFNAME "eth0\0"
                + "0800" + "0400" + "dc050000"                                      // IFLA_MTU 1500
                + "0500" + "1000" + "06000000"                                      // IFLA_OPERSTATE UP
                + "0a00" + "0100" + "02005e0001070000";                             // IFLA_ADDRESS
        Link parsed = NetlinkMessages.link(NetlinkMessages.parse(bytes(link)).getFirst());
        assertThat(parsed.index()).isEqualTo(7);
        assertThat(parsed.name()).isEqualTo("eth0");
        assertThat(parsed.mtu()).isEqualTo(1500);
        assertThat(parsed.operState()).isEqualTo(OperState.UP);
        assertThat(parsed.hardwareAddress()).contains(MacAddress.parse("02:00:5e:00:01:07"));
        assertThat(parsed.isUp()).isTrue();
        assertThat(parsed.isRunning()).isTrue();
        assertThat(parsed.isLowerUp()).isTrue();
        assertThat(parsed.isMulticast()).isTrue();
        assertThat(parsed.isOperational()).isTrue();
    }

    @Test
    void readsTheErrnoAndTheKernelsMessage() {
        String error = "38000000" + "0200" + "0003" + "07000000" + "00000000"   // NLMSG_ERROR, CAPPED|ACK_TLVS
                + "efffffff"                                                    // -EEXIST
                + "34000000" + "1400" + "0506" + "07000000" + "00000000"       // the request's header
                + "1300" + "0100" + "416464726573732065786973747300" + "00";    // NLMSGERR_ATTR_MSG
        NetlinkMessages.Message message = NetlinkMessages.parse(bytes(error)).getFirst();
        assertThat(NetlinkMessages.errno(message)).isEqualTo(Errno.EEXIST);
        assertThat(NetlinkMessages.errorMessage(message)).contains("Address exists");
        String ack = "24000000" + "0200" + "0001" + "07000000" + "00000000" + "00000000"
                + "34000000" + "1400" + "0506" + "07000000" + "00000000";
        NetlinkMessages.Message acknowledgement = NetlinkMessages.parse(bytes(ack)).getFirst();
        assertThat(NetlinkMessages.errno(acknowledgement)).isZero();
        assertThat(NetlinkMessages.errorMessage(acknowledgement)).isEmpty();
    }

    @Test
    void aLengthThatDoesNotFitIsReported() {
        assertThatThrownBy(() -> NetlinkMessages.parse(bytes("40000000" + "1400" + "0000" + "0000000000000000")))
                .hasMessageContaining("length 64 with 16 bytes left");
        assertThatThrownBy(() -> NetlinkMessages.parse(bytes("08000000" + "1400" + "0000" + "0000000000000000")))
                .hasMessageContaining("length 8");
    }

    @Test
    void labelsMustBeginWithTheInterfaceNameAndFit() {
        Rtnetlink.requireLabel("eth0:vip", "eth0");
        Rtnetlink.requireLabel("eth0", "eth0");
        assertThatThrownBy(() -> Rtnetlink.requireLabel("eth1:vip", "eth0"))
                .hasMessageContaining("'eth1:vip'").hasMessageContaining("beginning with the interface name 'eth0'");
        assertThatThrownBy(() -> Rtnetlink.requireLabel("eth0:0123456789a", "eth0"))
                .hasMessageContaining("at most 15 bytes");
    }
}
