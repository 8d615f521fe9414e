package io.edgeplane.dns.zone;

import io.netty.handler.codec.dns.DnsRecordType;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One local resource record with its RDATA already in wire form, built once when the zone is built so that
 * answering only copies bytes. Names inside the RDATA (CNAME, PTR, MX and SRV targets) are uncompressed.
 *
 * <p>{@link #rdata()} returns the record's own array, not a copy, because it is read on every answer: callers
 * must never modify it.
 *
 * @param name  the owner name, canonical: lower case, no trailing dot
 * @param type  the record type
 * @param ttl   seconds, 0..2<sup>31</sup>-1 (RFC 2181 §8)
 * @param rdata the RDATA in wire form
 */
public record ResourceRecord(String name, DnsRecordType type, long ttl, byte[] rdata) {

    /** The largest TTL RFC 2181 §8 allows. */
    public static final long MAX_TTL = 0x7fff_ffffL;

    public ResourceRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(rdata, "rdata");
        if (ttl < 0 || ttl > MAX_TTL) {
            throw new IllegalArgumentException("ttl " + ttl + " is outside 0.." + MAX_TTL + " seconds");
        }
        if (rdata.length > 0xffff) {
            throw new IllegalArgumentException("rdata of " + rdata.length + " bytes is over the 65535 a record holds");
        }
        // Copied once here so that no caller's array can change a record the zone shares between threads.
        rdata = rdata.clone();
    }

    /** An A record for an IPv4 address, an AAAA record for an IPv6 one. */
    public static ResourceRecord address(String name, long ttl, InetAddress address) {
        Objects.requireNonNull(address, "address");
        DnsRecordType type = switch (address) {
            case Inet4Address v4 -> DnsRecordType.A;
            case Inet6Address v6 -> DnsRecordType.AAAA;
            default -> throw new IllegalArgumentException(address + " is neither IPv4 nor IPv6");
        };
        return new ResourceRecord(name, type, ttl, address.getAddress());
    }

    /** A CNAME record: {@code name} is an alias of {@code target} (RFC 1035 §3.3.1). */
    public static ResourceRecord cname(String name, long ttl, String target) {
        return new ResourceRecord(name, DnsRecordType.CNAME, ttl, WireName.encode(target));
    }

    /** A PTR record: the reverse name {@code name} points at {@code target} (RFC 1035 §3.3.12). */
    public static ResourceRecord ptr(String name, long ttl, String target) {
        return new ResourceRecord(name, DnsRecordType.PTR, ttl, WireName.encode(target));
    }

    /** An MX record: 16-bit preference, then the exchange's name (RFC 1035 §3.3.9). */
    public static ResourceRecord mx(String name, long ttl, int preference, String exchange) {
        byte[] rdata = new byte[2 + WireName.length(exchange)];
        putShort(rdata, 0, preference, "preference");
        WireName.write(exchange, rdata, 2);
        return new ResourceRecord(name, DnsRecordType.MX, ttl, rdata);
    }

    /** An SRV record: priority, weight and port, 16 bits each, then the target's name (RFC 2782). */
    public static ResourceRecord srv(String name, long ttl, int priority, int weight, int port, String target) {
        byte[] rdata = new byte[6 + WireName.length(target)];
        putShort(rdata, 0, priority, "priority");
        putShort(rdata, 2, weight, "weight");
        putShort(rdata, 4, port, "port");
        WireName.write(target, rdata, 6);
        return new ResourceRecord(name, DnsRecordType.SRV, ttl, rdata);
    }

    /** A TXT record: each string one length-prefixed character-string, in order (RFC 1035 §3.3.14). */
    public static ResourceRecord txt(String name, long ttl, List<String> strings) {
        Objects.requireNonNull(strings, "strings");
        if (strings.isEmpty()) {
            throw new IllegalArgumentException("a TXT record for " + name + " needs at least one string");
        }
        byte[][] encoded = new byte[strings.size()][];
        int length = 0;
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
            if (encoded[i].length > 255) {
                throw new IllegalArgumentException("TXT string " + i + " of " + name + " is " + encoded[i].length
                        + " bytes; a character-string holds 255");
            }
            length += 1 + encoded[i].length;
        }
        byte[] rdata = new byte[length];
        int at = 0;
        for (byte[] string : encoded) {
            rdata[at++] = (byte) string.length;
            System.arraycopy(string, 0, rdata, at, string.length);
            at += string.length;
        }
        return new ResourceRecord(name, DnsRecordType.TXT, ttl, rdata);
    }

    /** The record's RDATA; the record's own array, shared by every answer that carries it: never modify it. */
    @Override
    public byte[] rdata() {
        return rdata;
    }

    /**
     * The name a CNAME, PTR, MX or SRV record points at, decoded from its RDATA.
     *
     * @throws IllegalStateException for a record type that holds no name
     */
    public String target() {
        int offset;
        if (type.equals(DnsRecordType.CNAME) || type.equals(DnsRecordType.PTR)) {
            offset = 0;
        } else if (type.equals(DnsRecordType.MX)) {
            offset = 2;
        } else if (type.equals(DnsRecordType.SRV)) {
            offset = 6;
        } else {
            throw new IllegalStateException("a " + type.name() + " record has no target name");
        }
        return WireName.decode(rdata, offset);
    }

    /** The same record with another TTL, for making an RRset's TTLs agree (RFC 2181 §5.2). */
    ResourceRecord withTtl(long newTtl) {
        return newTtl == ttl ? this : new ResourceRecord(name, type, newTtl, rdata);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResourceRecord other && ttl == other.ttl && name.equals(other.name)
                && type.equals(other.type) && Arrays.equals(rdata, other.rdata);
    }

    @Override
    public int hashCode() {
        return ((name.hashCode() * 31 + type.hashCode()) * 31 + Long.hashCode(ttl)) * 31 + Arrays.hashCode(rdata);
    }

    @Override
    public String toString() {
        return name + " " + ttl + " " + type.name() + " " + HexFormat.of().formatHex(rdata);
    }

    private static void putShort(byte[] out, int offset, int value, String what) {
        if (value < 0 || value > 0xffff) {
            throw new IllegalArgumentException(what + " " + value + " is outside 0..65535");
        }
        out[offset] = (byte) (value >>> 8);
        out[offset + 1] = (byte) value;
    }
}
