package io.edgeplane.dhcp.codec;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** Big-endian reads and writes of the 32-bit fields and IPv4 addresses the header and the options carry. */
final class Ipv4 {

    static final Inet4Address ANY = create(new byte[4]);

    private Ipv4() {
    }

    static Inet4Address of(byte[] data, int at) {
        return of(toInt(data, at));
    }

    static Inet4Address of(int address) {
        if (address == 0) {
            // Most of a request's four address fields are 0.0.0.0; an address is immutable, so they share one.
            return ANY;
        }
        byte[] raw = new byte[4];
        putInt(raw, 0, address);
        return create(raw);
    }

    private static Inet4Address create(byte[] raw) {
        try {
            return (Inet4Address) InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("4 bytes are always an IPv4 address", e);
        }
    }

    static int toInt(byte[] data, int at) {
        return (data[at] & 0xFF) << 24 | (data[at + 1] & 0xFF) << 16 | (data[at + 2] & 0xFF) << 8 | data[at + 3] & 0xFF;
    }

    static void putInt(byte[] data, int at, int value) {
        data[at] = (byte) (value >>> 24);
        data[at + 1] = (byte) (value >>> 16);
        data[at + 2] = (byte) (value >>> 8);
        data[at + 3] = (byte) value;
    }
}
