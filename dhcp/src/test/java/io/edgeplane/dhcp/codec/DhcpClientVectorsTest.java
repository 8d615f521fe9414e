package io.edgeplane.dhcp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DISCOVER and REQUEST as busybox udhcpc 1.36 and dhcpcd 10 send them, written byte by byte from the RFC 2131 layout
 * with the options in the order those clients put them; each decodes to what the client meant and encodes back to the
 * very same bytes.
 */
class DhcpClientVectorsTest {

    private static final String MAC = "52:54:00:12:34:56";

    /** busybox udhcpc: client id 01+MAC, max size 576, its default request list, vendor class "udhcp VERSION". */
    static byte[] udhcpcDiscover() {
        return Wire.request(0x3903F326, 0, 0, "00000000", MAC)
                .u8(53, 1, 1)                                   // message type DISCOVER
                .u8(61, 7, 1).hex(MAC)                          // client id: type 1 (Ethernet) and the MAC
                .u8(57, 2).u16(576)                             // max message size
                .u8(55, 7, 1, 3, 6, 12, 15, 28, 42)             // mask, router, dns, hostname, domain, bcast, ntp
                .u8(60, 12).ascii("udhcp 1.36.1")               // vendor class
                .u8(255)                                        // END
                .padTo(300)                                     // udhcpc pads to the BOOTP minimum
                .bytes();
    }

    /** udhcpc's REQUEST in SELECTING: the offered address (50) and the chosen server (54) added. */
    static byte[] udhcpcRequest() {
        return Wire.request(0x3903F326, 3, 0, "00000000", MAC)
                .u8(53, 1, 3)                                   // message type REQUEST
                .u8(61, 7, 1).hex(MAC)
                .u8(50, 4, 192, 168, 1, 100)                    // requested address
                .u8(54, 4, 192, 168, 1, 1)                      // server identifier
                .u8(57, 2).u16(576)
                .u8(55, 7, 1, 3, 6, 12, 15, 28, 42)
                .u8(60, 12).ascii("udhcp 1.36.1")
                .u8(255)
                .padTo(300)
                .bytes();
    }

    /** dhcpcd: an RFC 4361 client id (0xff, IAID, DUID-LLT), max size from a 1500 MTU, host name, a long list. */
    static Wire dhcpcdStart(int type, int secs) {
        return Wire.request(0x7A1B2C3D, secs, 0, "00000000", MAC)
                .u8(53, 1, type)
                .u8(61, 19, 0xFF).hex("5d3e2f10")               // client id: 0xff, IAID
                .hex("0001 0001 2b3c4d5e").hex(MAC)             // DUID-LLT: type 1, htype 1, time, MAC
                .u8(57, 2).u16(1472)                            // max message size
                .u8(60, 45).ascii("dhcpcd-10.0.6:Linux-6.6.0:x86_64:GenuineIntel");
    }

    static byte[] dhcpcdDiscover() {
        return dhcpcdStart(1, 0)
                .u8(12, 6).ascii("laptop")                      // host name
                .u8(55, 14, 1, 121, 33, 3, 6, 12, 15, 26, 28, 51, 54, 58, 59, 119)
                .u8(255)                                        // 339 bytes: no pad needed
                .bytes();
    }

    /** dhcpcd with {@code fqdn both}: option 81 with flags S and E, the name in DNS wire format. */
    static byte[] dhcpcdRequest() {
        return dhcpcdStart(3, 2)
                .u8(50, 4, 192, 168, 1, 100)
                .u8(54, 4, 192, 168, 1, 1)
                .u8(81, 23, 0x05, 0, 0)                         // client FQDN: flags S|E, two RCODE bytes
                .u8(6).ascii("laptop").u8(7).ascii("example").u8(3).ascii("lan").u8(0)
                .u8(55, 14, 1, 121, 33, 3, 6, 12, 15, 26, 28, 51, 54, 58, 59, 119)
                .u8(255)
                .bytes();
    }

    @Test
    void udhcpcDiscover_decodesAndEncodesBackToTheSameBytes() {
        byte[] wire = udhcpcDiscover();
        DhcpMessage message = valid(wire);

        assertThat(message.op()).isEqualTo(DhcpMessage.BOOTREQUEST);
        assertThat(message.xid()).isEqualTo(0x3903F326);
        assertThat(message.chaddr()).isEqualTo(HardwareAddress.parse(MAC));
        assertThat(message.broadcast()).isFalse();
        assertThat(message.messageType()).contains(DhcpMessageType.DISCOVER);
        assertThat(message.options().clientIdentifier()).hasValueSatisfying(id ->
                assertThat(HexFormat.of().formatHex(id)).isEqualTo("01525400123456"));
        assertThat(message.options().maxMessageSize()).hasValue(576);
        assertThat(message.options().parameterRequestList()).containsExactly(1, 3, 6, 12, 15, 28, 42);
        assertThat(message.options().string(DhcpOptions.VENDOR_CLASS_IDENTIFIER)).contains("udhcp 1.36.1");
        assertThat(message.options().codes()).containsExactly(53, 61, 57, 55, 60);
        assertThat(DhcpMessageEncoder.encode(message)).isEqualTo(wire);
    }

    @Test
    void udhcpcRequest_carriesTheOfferedAddressAndTheChosenServer() {
        byte[] wire = udhcpcRequest();
        DhcpMessage message = valid(wire);

        assertThat(message.messageType()).contains(DhcpMessageType.REQUEST);
        assertThat(message.secs()).isEqualTo(3);
        assertThat(message.ciaddr()).isEqualTo(DhcpMessage.ANY);
        assertThat(message.options().requestedAddress()).contains(ip("192.168.1.100"));
        assertThat(message.options().serverIdentifier()).contains(ip("192.168.1.1"));
        assertThat(DhcpMessageEncoder.encode(message)).isEqualTo(wire);
    }

    @Test
    void dhcpcdDiscover_hasItsDuidClientIdAndHostName() {
        byte[] wire = dhcpcdDiscover();
        DhcpMessage message = valid(wire);

        assertThat(wire).hasSizeGreaterThan(300);
        assertThat(message.messageType()).contains(DhcpMessageType.DISCOVER);
        assertThat(message.options().clientIdentifier()).hasValueSatisfying(id -> {
            assertThat(id).hasSize(19);
            assertThat(id[0]).isEqualTo((byte) 0xFF);
        });
        assertThat(message.options().maxMessageSize()).hasValue(1472);
        assertThat(message.options().hostName()).contains("laptop");
        assertThat(message.options().parameterRequestList()).startsWith(1, 121, 33).hasSize(14);
        assertThat(DhcpMessageEncoder.encode(message)).isEqualTo(wire);
    }

    @Test
    void dhcpcdRequest_namesItselfWithAWireFormatFqdn() {
        byte[] wire = dhcpcdRequest();
        DhcpMessage message = valid(wire);

        assertThat(message.messageType()).contains(DhcpMessageType.REQUEST);
        assertThat(message.options().clientFqdn()).contains(new ClientFqdn(0x05, "laptop.example.lan"));
        assertThat(message.options().hostName()).isEmpty();
        assertThat(message.options().requestedAddress()).contains(ip("192.168.1.100"));
        assertThat(DhcpMessageEncoder.encode(message, message.options().maxMessageSize().orElse(576)))
                .isEqualTo(wire);
    }

    @Test
    void allFourAreRequestsFromTheSameMac() {
        for (byte[] wire : List.of(udhcpcDiscover(), udhcpcRequest(), dhcpcdDiscover(), dhcpcdRequest())) {
            DhcpMessage message = valid(wire);
            assertThat(message.hlen()).isEqualTo(6);
            assertThat(message.htype()).isEqualTo(DhcpMessage.HTYPE_ETHERNET);
            assertThat(message.chaddr().toString()).isEqualTo(MAC);
            assertThat(message.messageType().orElseThrow().fromClient()).isTrue();
        }
    }

    static DhcpMessage valid(byte[] wire) {
        DecodeResult result = DhcpMessageDecoder.decode(wire, 0, wire.length);
        assertThat(result).isInstanceOf(DecodeResult.Valid.class);
        return ((DecodeResult.Valid) result).message();
    }

    static Inet4Address ip(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
