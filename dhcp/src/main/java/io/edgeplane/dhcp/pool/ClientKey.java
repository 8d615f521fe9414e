package io.edgeplane.dhcp.pool;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Who a client is (RFC 2131 §4.2): its client identifier (option 61) when it sends one, otherwise its hardware
 * type and address, written the way RFC 2132 §9.14 writes a hardware-derived identifier (type byte, then the
 * address). So a client that sends {@code 01:<its MAC>} and one that sends no identifier from that MAC are the
 * same client, as they are in practice.
 */
public final class ClientKey {

    private static final HexFormat COLONS = HexFormat.ofDelimiter(":");
    private final byte[] bytes;
    /**
     * {@link #spread()}, also the hash code. Not {@link Arrays#hashCode(byte[])}: its 31-multiplier sum maps MACs
     * that differ in their last two bytes onto a few thousand values (01:…:00:01:00 and 01:…:00:00:1f collide), so
     * the bindings' maps, keyed by client, held chains of eight for 50,000 clients of one vendor.
     */
    private final int hash;

    private ClientKey(byte[] bytes) {
        this.bytes = bytes;
        this.hash = fnv1a(bytes);
    }

    /** The key of a client identifier option's value. */
    public static ClientKey ofClientId(byte[] clientId) {
        Objects.requireNonNull(clientId, "clientId");
        return new ClientKey(clientId.clone());
    }

    /** The key of a client that sent no identifier. */
    public static ClientKey ofHardware(int htype, byte[] chaddr) {
        Objects.requireNonNull(chaddr, "chaddr");
        byte[] bytes = new byte[chaddr.length + 1];
        bytes[0] = (byte) htype;
        System.arraycopy(chaddr, 0, bytes, 1, chaddr.length);
        return new ClientKey(bytes);
    }

    /** A stable number derived from the key, to spread clients over the pool. */
    public int spread() {
        return hash;
    }

    private static int fnv1a(byte[] bytes) {
        // FNV-1a: Arrays.hashCode of MACs that differ in the last byte lands on neighbouring addresses, which is
        // fine, but two MACs of one vendor block would collide often in small ranges with a weaker mix.
        int h = 0x811C9DC5;
        for (byte b : bytes) {
            h = (h ^ (b & 0xFF)) * 0x01000193;
        }
        return h;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientKey that && hash == that.hash && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return COLONS.formatHex(bytes);
    }
}
