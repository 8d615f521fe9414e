package io.edgeplane.dns.cache;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds an upstream's DNS reply byte by byte: the header, the question, then records in section order, their
 * names compressed as a real server compresses them (against every name written before, case kept as given)
 * unless {@link #uncompressed()} is called. Anything can be overridden, so malformed replies are built the same
 * way as good ones.
 */
final class ReplyBuilder {

    static final int A = 1;
    static final int NS = 2;
    static final int CNAME = 5;
    static final int SOA = 6;
    static final int PTR = 12;
    static final int MX = 15;
    static final int TXT = 16;
    static final int RP = 17;
    static final int AAAA = 28;
    static final int SRV = 33;
    static final int DNAME = 39;
    static final int OPT = 41;
    static final int RRSIG = 46;
    static final int NSEC = 47;
    static final int NSEC3 = 50;
    static final int ANY = 255;

    static final int IN = 1;
    static final int CH = 3;

    static final int NXDOMAIN = 3;

    /** QR, RD and RA: a recursive server's reply to a standard query. */
    static final int REPLY_FLAGS = 0x8180;

    private static final int ANSWER = 1;
    private static final int AUTHORITY = 2;
    private static final int ADDITIONAL = 3;

    private byte[] out = new byte[512];
    private int length = 12;
    private final int[] counts = new int[4];
    private final int[] countOverrides = {-1, -1, -1, -1};
    private int section;
    private int flags = REPLY_FLAGS;
    private boolean compress = true;
    /** Lower-case suffix ("example") → where it was written. */
    private final Map<String, Integer> written = new HashMap<>();

    /** A reply with the question {@code qname}/{@code qtype}/IN and nothing else yet. */
    static ReplyBuilder reply(String qname, int qtype) {
        return new ReplyBuilder().question(qname, qtype, IN);
    }

    /** A header with no question: add them with {@link #question}. */
    static ReplyBuilder headerOnly() {
        return new ReplyBuilder();
    }

    private ReplyBuilder() {
        out[0] = 0x12;
        out[1] = 0x34;
    }

    ReplyBuilder question(String name, int type, int qclass) {
        if (section > 0) {
            throw new IllegalStateException("questions come first");
        }
        name(name, compress);
        u16(type);
        u16(qclass);
        counts[0]++;
        return this;
    }

    /** The whole flags word (QR, opcode, AA, TC, RD, RA, Z, RCODE). */
    ReplyBuilder flags(int value) {
        flags = value;
        return this;
    }

    ReplyBuilder rcode(int rcode) {
        flags = flags & ~0xF | rcode;
        return this;
    }

    /** Writes QDCOUNT, ANCOUNT, NSCOUNT and ARCOUNT as given rather than as counted (negative: as counted). */
    ReplyBuilder counts(int questions, int answers, int authorities, int additionals) {
        countOverrides[0] = questions;
        countOverrides[1] = answers;
        countOverrides[2] = authorities;
        countOverrides[3] = additionals;
        return this;
    }

    /** Names written from now on are written in full. */
    ReplyBuilder uncompressed() {
        compress = false;
        return this;
    }

    ReplyBuilder answer(String owner, int type, long ttl, Consumer<Rdata> rdata) {
        return record(ANSWER, owner, type, IN, ttl, rdata);
    }

    ReplyBuilder answer(String owner, int type, int rclass, long ttl, Consumer<Rdata> rdata) {
        return record(ANSWER, owner, type, rclass, ttl, rdata);
    }

    ReplyBuilder authority(String owner, int type, long ttl, Consumer<Rdata> rdata) {
        return record(AUTHORITY, owner, type, IN, ttl, rdata);
    }

    ReplyBuilder authority(String owner, int type, int rclass, long ttl, Consumer<Rdata> rdata) {
        return record(AUTHORITY, owner, type, rclass, ttl, rdata);
    }

    ReplyBuilder additional(String owner, int type, long ttl, Consumer<Rdata> rdata) {
        return record(ADDITIONAL, owner, type, IN, ttl, rdata);
    }

    /** An answer record whose owner is nothing but a pointer to {@code ownerAt}. */
    ReplyBuilder answerAt(int ownerAt, int type, long ttl, Consumer<Rdata> rdata) {
        return record(ANSWER, () -> u16(0xC000 | ownerAt), type, IN, ttl, rdata);
    }

    /** Appends bytes as they are, counted in no section. */
    ReplyBuilder raw(int... bytes) {
        for (int b : bytes) {
            u8(b);
        }
        return this;
    }

    /** Where the next byte goes. */
    int position() {
        return length;
    }

    byte[] build() {
        byte[] reply = Arrays.copyOf(out, length);
        put16(reply, 2, flags);
        for (int i = 0; i < 4; i++) {
            put16(reply, 4 + 2 * i, countOverrides[i] >= 0 ? countOverrides[i] : counts[i]);
        }
        return reply;
    }

    private ReplyBuilder record(int inSection, String owner, int type, int rclass, long ttl, Consumer<Rdata> rdata) {
        return record(inSection, () -> name(owner, compress), type, rclass, ttl, rdata);
    }

    private ReplyBuilder record(int inSection, Runnable owner, int type, int rclass, long ttl, Consumer<Rdata> rdata) {
        if (inSection < section) {
            throw new IllegalStateException("section " + inSection + " after section " + section);
        }
        section = inSection;
        counts[inSection]++;
        owner.run();
        u16(type);
        u16(rclass);
        u32(ttl);
        int rdLengthAt = length;
        u16(0);
        Rdata data = new Rdata();
        rdata.accept(data);
        int rdLength = data.rdLength >= 0 ? data.rdLength : length - rdLengthAt - 2;
        put16(out, rdLengthAt, rdLength);
        return this;
    }

    /** The RDATA of one record, written in place; its RDLENGTH is counted unless {@link #rdLength} says otherwise. */
    final class Rdata {
        private int rdLength = -1;

        Rdata u8(int value) {
            ReplyBuilder.this.u8(value);
            return this;
        }

        Rdata u16(int value) {
            ReplyBuilder.this.u16(value);
            return this;
        }

        Rdata u32(long value) {
            ReplyBuilder.this.u32(value);
            return this;
        }

        Rdata bytes(byte[] bytes) {
            for (byte b : bytes) {
                ReplyBuilder.this.u8(b);
            }
            return this;
        }

        /** A name, compressed if the reply's names are. */
        Rdata name(String name) {
            ReplyBuilder.this.name(name, compress);
            return this;
        }

        Rdata uncompressedName(String name) {
            ReplyBuilder.this.name(name, false);
            return this;
        }

        Rdata pointer(int target) {
            ReplyBuilder.this.u16(0xC000 | target);
            return this;
        }

        /** The RDLENGTH to write instead of the bytes written. */
        Rdata rdLength(int value) {
            rdLength = value;
            return this;
        }
    }

    static Consumer<Rdata> ipv4(String address) {
        return rd -> rd.bytes(address(address, 4));
    }

    static Consumer<Rdata> ipv6(String address) {
        return rd -> rd.bytes(address(address, 16));
    }

    /** CNAME, NS, PTR, DNAME: one name. */
    static Consumer<Rdata> target(String name) {
        return rd -> rd.name(name);
    }

    static Consumer<Rdata> mx(int preference, String exchange) {
        return rd -> rd.u16(preference).name(exchange);
    }

    /** SRV's target is never compressed (RFC 2782), by this builder unless told to with raw bytes. */
    static Consumer<Rdata> srv(int priority, int weight, int port, String target) {
        return rd -> rd.u16(priority).u16(weight).u16(port).uncompressedName(target);
    }

    static Consumer<Rdata> soa(String mname, String rname, long serial, long minimum) {
        return rd -> rd.name(mname).name(rname).u32(serial).u32(7200).u32(900).u32(1_209_600).u32(minimum);
    }

    static Consumer<Rdata> txt(String... strings) {
        return rd -> {
            for (String s : strings) {
                rd.u8(s.length());
                rd.bytes(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
        };
    }

    static Consumer<Rdata> bytes(int... values) {
        return rd -> {
            for (int v : values) {
                rd.u8(v);
            }
        };
    }

    /** An RRSIG's RDATA covering {@code covered}, signed by {@code signer} (never compressed, RFC 4034 §3.1.7). */
    static Consumer<Rdata> rrsig(int covered, String signer) {
        return rd -> rd.u16(covered).u8(13).u8(2).u32(300).u32(1_800_000_000L).u32(1_700_000_000L).u16(4711)
                .uncompressedName(signer).bytes(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }

    /** The wire form of {@code name}, case kept: "" is the root. */
    static byte[] wireName(String name) {
        if (name.isEmpty()) {
            return new byte[] {0};
        }
        byte[] wire = new byte[name.length() + 2];
        int at = 0;
        for (String label : name.split("\\.", -1)) {
            wire[at++] = (byte) label.length();
            for (int i = 0; i < label.length(); i++) {
                wire[at++] = (byte) label.charAt(i);
            }
        }
        wire[at] = 0;
        return wire;
    }

    private void name(String name, boolean compressed) {
        String[] labels = name.isEmpty() ? new String[0] : name.split("\\.", -1);
        for (int i = 0; i < labels.length; i++) {
            String suffix = String.join(".", Arrays.copyOfRange(labels, i, labels.length)).toLowerCase(Locale.ROOT);
            Integer earlier = written.get(suffix);
            if (compressed && earlier != null) {
                u16(0xC000 | earlier);
                return;
            }
            if (length <= 0x3FFF) {
                written.putIfAbsent(suffix, length);
            }
            u8(labels[i].length());
            for (int c = 0; c < labels[i].length(); c++) {
                u8(labels[i].charAt(c));
            }
        }
        u8(0);
    }

    private void u8(int value) {
        if (length == out.length) {
            out = Arrays.copyOf(out, out.length * 2);
        }
        out[length++] = (byte) value;
    }

    private void u16(int value) {
        u8(value >>> 8);
        u8(value);
    }

    private void u32(long value) {
        u16((int) (value >>> 16));
        u16((int) value);
    }

    private static void put16(byte[] to, int at, int value) {
        to[at] = (byte) (value >>> 8);
        to[at + 1] = (byte) value;
    }

    private static byte[] address(String literal, int length) {
        try {
            byte[] address = InetAddress.getByName(literal).getAddress();
            if (address.length != length) {
                throw new IllegalArgumentException(literal + " is not " + length + " bytes");
            }
            return address;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
