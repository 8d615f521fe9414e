package io.edgeplane.dns.cache;

import static io.edgeplane.dns.cache.ReplyBuilder.A;
import static io.edgeplane.dns.cache.ReplyBuilder.AAAA;
import static io.edgeplane.dns.cache.ReplyBuilder.ANY;
import static io.edgeplane.dns.cache.ReplyBuilder.CNAME;
import static io.edgeplane.dns.cache.ReplyBuilder.MX;
import static io.edgeplane.dns.cache.ReplyBuilder.NS;
import static io.edgeplane.dns.cache.ReplyBuilder.NSEC;
import static io.edgeplane.dns.cache.ReplyBuilder.NXDOMAIN;
import static io.edgeplane.dns.cache.ReplyBuilder.PTR;
import static io.edgeplane.dns.cache.ReplyBuilder.RP;
import static io.edgeplane.dns.cache.ReplyBuilder.RRSIG;
import static io.edgeplane.dns.cache.ReplyBuilder.SOA;
import static io.edgeplane.dns.cache.ReplyBuilder.SRV;
import static io.edgeplane.dns.cache.ReplyBuilder.TXT;
import static io.edgeplane.dns.cache.ReplyBuilder.bytes;
import static io.edgeplane.dns.cache.ReplyBuilder.ipv4;
import static io.edgeplane.dns.cache.ReplyBuilder.ipv6;
import static io.edgeplane.dns.cache.ReplyBuilder.mx;
import static io.edgeplane.dns.cache.ReplyBuilder.reply;
import static io.edgeplane.dns.cache.ReplyBuilder.rrsig;
import static io.edgeplane.dns.cache.ReplyBuilder.soa;
import static io.edgeplane.dns.cache.ReplyBuilder.srv;
import static io.edgeplane.dns.cache.ReplyBuilder.target;
import static io.edgeplane.dns.cache.ReplyBuilder.txt;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ReplyDigest} on mutated good replies and on random bytes, from a fixed seed so a failure repeats: it
 * never throws, and whatever it calls usable can be served behind the client's question and read back by
 * Netty's decoder, every RDATA name resolving, every record where the bailiwick allows.
 */
class ReplyDigestFuzzTest {

    private static final long SEED = 0x5EED_CAC4E_2025L;
    private static final int MUTATIONS = 80_000;
    private static final int RANDOM_REPLIES = 20_000;

    /** A good reply and the question and bailiwick it is digested for. */
    private record Seed(byte[] reply, String qname, int qtype, String bailiwick) {
    }

    private static List<Seed> seeds() {
        return List.of(
                new Seed(reply("www.example", A).answer("www.example", A, 300, ipv4("192.0.2.1"))
                        .answer("www.example", A, 200, ipv4("192.0.2.2")).build(), "www.example", A, ""),
                new Seed(reply("www.corp.example", A)
                        .answer("www.corp.example", CNAME, 300, target("web.corp.example"))
                        .answer("web.corp.example", CNAME, 300, target("cdn.corp.example"))
                        .answer("cdn.corp.example", A, 60, ipv4("10.0.0.1"))
                        .answer("cdn.corp.example", RRSIG, 60, rrsig(A, "corp.example"))
                        .answer("evil.test", A, 60, ipv4("198.51.100.66"))
                        .build(), "www.corp.example", A, "corp.example"),
                new Seed(reply("www.corp.example", A)
                        .answer("www.corp.example", CNAME, 300, target("www.evil.test"))
                        .answer("www.evil.test", A, 60, ipv4("198.51.100.66"))
                        .build(), "www.corp.example", A, "corp.example"),
                new Seed(reply("nope.example", AAAA).rcode(NXDOMAIN)
                        .authority("example", SOA, 3600, soa("ns.example", "hostmaster.example", 9, 300))
                        .authority("example", RRSIG, 3600, rrsig(SOA, "example"))
                        .authority("mid.example", NSEC, 300, bytes(3, 'z', 'z', 'z', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 0, 1, 0x40))
                        .additional("ns.example", A, 300, ipv4("192.0.2.53"))
                        .build(), "nope.example", AAAA, "example"),
                new Seed(reply("example", MX)
                        .answer("example", MX, 300, mx(10, "mail.example"))
                        .answer("example", MX, 300, mx(20, "backup.mail.example"))
                        .authority("example", NS, 300, target("ns1.example"))
                        .build(), "example", MX, ""),
                new Seed(reply("_sip._tcp.example", SRV)
                        .answer("_sip._tcp.example", SRV, 300, rd -> rd.u16(1).u16(2).u16(5060).name("sip.example"))
                        .answer("_sip._tcp.example", SRV, 300, srv(1, 2, 5061, "sip2.example"))
                        .build(), "_sip._tcp.example", SRV, ""),
                new Seed(reply("host.example", ANY)
                        .answer("host.example", A, 300, ipv4("192.0.2.9"))
                        .answer("host.example", AAAA, 300, ipv6("2001:db8::9"))
                        .answer("host.example", TXT, 300, txt("hello", "world"))
                        .answer("host.example", RP, 300, rd -> rd.name("admin.host.example").name("info.host.example"))
                        .answer("host.example", SOA, 300, soa("ns.host.example", "h.host.example", 3, 60))
                        .answer("host.example", NS, 300, target("ns.host.example"))
                        .build(), "host.example", ANY, "example"),
                new Seed(reply("9.2.0.192.in-addr.arpa", PTR)
                        .answer("9.2.0.192.in-addr.arpa", PTR, 300, target("host.example"))
                        .build(), "9.2.0.192.in-addr.arpa", PTR, ""));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS) // a hang guard: warm, the run takes half a second
    void digestNeverThrowsAndWhatItKeepsCanBeServed() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<Seed> seeds = seeds();
        int usable = 0;
        try (Served served = new Served()) {
            for (int i = 0; i < MUTATIONS; i++) {
                Seed seed = seeds.get(random.nextInt(seeds.size()));
                byte[] mutated = mutate(seed.reply(), random);
                usable += check(served, mutated, seed.qname(), seed.qtype(), seed.bailiwick());
            }
            for (int i = 0; i < RANDOM_REPLIES; i++) {
                Seed seed = seeds.get(random.nextInt(seeds.size()));
                usable += check(served, randomReply(seed, random), seed.qname(), seed.qtype(), seed.bailiwick());
            }
        }
        // The mutations must leave enough replies usable for the second half of the check to mean something.
        assertThat(usable).isGreaterThan((MUTATIONS + RANDOM_REPLIES) / 20);
    }

    @Test
    void everySeedIsUsableAsItIs() {
        try (Served served = new Served()) {
            for (Seed seed : seeds()) {
                assertThat(check(served, seed.reply(), seed.qname(), seed.qtype(), seed.bailiwick())).isOne();
            }
        }
    }

    /**
     * Digests {@code reply}; 1 if it was usable and served well, 0 if unusable; fails on anything else. Plain
     * checks rather than assertions: this runs 120,000 times, and a failure's message is built only on failure.
     */
    private static int check(Served served, byte[] reply, String qname, int qtype, String bailiwick) {
        Digested digested;
        try {
            digested = ReplyDigest.digest(reply, qname, qtype, bailiwick);
        } catch (RuntimeException e) {
            throw new AssertionError("digest threw on " + hex(reply), e);
        }
        if (digested instanceof Digested.Unusable unusable) {
            expect(!unusable.reason().isBlank(), "a blank reason", reply);
            return 0;
        }
        Digested.Usable usable = (Digested.Usable) digested;
        CachedAnswer answer = usable.toAnswer(Digests.UNCLAMPED, 0);
        byte[] message = Served.message(answer, qname, qtype, 0);
        WireCheck.Message read;
        try {
            read = WireCheck.read(message);
            // Netty's decoder refuses some label bytes the RFCs allow (NUL, '.', many above 0x7F): it is asked
            // about the rest.
            if (!read.binaryName()) {
                int[] counts = served.decodeCounts(message);
                expect(counts[0] == answer.answerCount() && counts[1] == answer.authorityCount(),
                        "Netty counts other records", reply);
            }
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError("the body kept from " + hex(reply) + " does not read back: " + hex(message), e);
        }
        expect(read.answers().size() == answer.answerCount() && read.authority().size() == answer.authorityCount(),
                "the header's counts are not the records written", reply);
        expect(usable.ttl() >= 0 && usable.ttl() <= WireRecords.MAX_TTL, "TTL " + usable.ttl(), reply);
        byte[] domain = ReplyBuilder.wireName(bailiwick);
        for (WireCheck.Record record : concat(read.answers(), read.authority())) {
            expect(within(record.owner(), domain), "a type " + record.type() + " record outside '" + bailiwick + "'",
                    reply);
        }
        return 1;
    }

    private static void expect(boolean holds, String what, byte[] reply) {
        if (!holds) {
            throw new AssertionError(what + ", digesting " + hex(reply));
        }
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** One to four of: a bit flipped, a byte set, a pointer planted, a cut, bytes inserted or removed. */
    private static byte[] mutate(byte[] reply, SplittableRandom random) {
        byte[] out = reply.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations && out.length > 0; m++) {
            int at = random.nextInt(out.length);
            switch (random.nextInt(7)) {
                case 0 -> out[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> out[at] = (byte) random.nextInt(256);
                case 2 -> {
                    // A pointer to anywhere in the reply, the loops and forward jumps included.
                    if (at + 1 < out.length) {
                        int target = random.nextInt(out.length);
                        out[at] = (byte) (0xC0 | target >> 8);
                        out[at + 1] = (byte) target;
                    }
                }
                case 3 -> out = java.util.Arrays.copyOf(out, at);
                case 4 -> {
                    byte[] inserted = new byte[1 + random.nextInt(8)];
                    random.nextBytes(inserted);
                    out = splice(out, at, 0, inserted);
                }
                case 5 -> out = splice(out, at, Math.min(out.length - at, 1 + random.nextInt(8)), new byte[0]);
                default -> {
                    // A small number into a 16-bit field: a count or an RDLENGTH that no longer fits.
                    if (at + 1 < out.length) {
                        int value = random.nextInt(24);
                        out[at] = (byte) (value >> 8);
                        out[at + 1] = (byte) value;
                    }
                }
            }
        }
        return out;
    }

    /** Random bytes; half of them behind a header and question that get them past the first checks. */
    private static byte[] randomReply(Seed seed, SplittableRandom random) {
        byte[] noise = new byte[random.nextInt(300)];
        random.nextBytes(noise);
        if (random.nextBoolean()) {
            return noise;
        }
        byte[] head = reply(seed.qname(), seed.qtype()).rcode(random.nextBoolean() ? 0 : NXDOMAIN)
                .counts(1, random.nextInt(5), random.nextInt(5), 0).build();
        return splice(head, head.length, 0, noise);
    }

    private static byte[] splice(byte[] into, int at, int remove, byte[] insert) {
        byte[] out = new byte[into.length - remove + insert.length];
        System.arraycopy(into, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(into, at + remove, out, at + insert.length, into.length - at - remove);
        return out;
    }

    /** Whether the label sequence {@code name} ends in {@code domain}'s, case ignored (every name is in the root). */
    private static boolean within(byte[] name, byte[] domain) {
        for (int at = 0; at < name.length; at += (name[at] & 0xFF) + 1) {
            if (name.length - at == domain.length
                    && new String(name, at, domain.length, java.nio.charset.StandardCharsets.ISO_8859_1)
                    .equalsIgnoreCase(new String(domain, java.nio.charset.StandardCharsets.ISO_8859_1))) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
