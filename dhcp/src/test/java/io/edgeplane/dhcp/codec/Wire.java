package io.edgeplane.dhcp.codec;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/** Writes a DHCP packet byte by byte, field by field, as the RFC 2131 §2 figure lays it out; for test vectors. */
final class Wire {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Wire u8(int... values) {
        for (int value : values) {
            out.write(value);
        }
        return this;
    }

    Wire u16(int value) {
        return u8(value >>> 8 & 0xFF, value & 0xFF);
    }

    Wire u32(int value) {
        return u16(value >>> 16 & 0xFFFF).u16(value & 0xFFFF);
    }

    Wire hex(String hex) {
        out.writeBytes(HexFormat.of().parseHex(hex.replace(" ", "").replace(":", "")));
        return this;
    }

    Wire ascii(String text) {
        out.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return this;
    }

    Wire zeros(int count) {
        out.writeBytes(new byte[count]);
        return this;
    }

    /** Zeros up to {@code length} bytes in all, the padding after END. */
    Wire padTo(int length) {
        return zeros(Math.max(0, length - out.size()));
    }

    int size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /**
     * The fixed header of a client's first message from {@code mac}: op 1, htype 1, hlen 6, hops 0, the xid, secs
     * and flags, ciaddr, yiaddr, siaddr and giaddr 0.0.0.0, chaddr (6 bytes and 10 of padding), sname and file empty,
     * then the magic cookie: 240 bytes, the options come next.
     */
    static Wire request(int xid, int secs, int flags, String ciaddrHex, String mac) {
        return new Wire()
                .u8(1)                  // op: BOOTREQUEST, byte 0
                .u8(1)                  // htype: Ethernet, byte 1
                .u8(6)                  // hlen, byte 2
                .u8(0)                  // hops, byte 3
                .u32(xid)               // xid, bytes 4-7
                .u16(secs)              // secs, bytes 8-9
                .u16(flags)             // flags, bytes 10-11
                .hex(ciaddrHex)         // ciaddr, bytes 12-15
                .zeros(4)               // yiaddr, bytes 16-19
                .zeros(4)               // siaddr, bytes 20-23
                .zeros(4)               // giaddr, bytes 24-27
                .hex(mac).zeros(10)     // chaddr, bytes 28-43
                .zeros(64)              // sname, bytes 44-107
                .zeros(128)             // file, bytes 108-235
                .u8(99, 130, 83, 99);   // magic cookie, bytes 236-239
    }
}
