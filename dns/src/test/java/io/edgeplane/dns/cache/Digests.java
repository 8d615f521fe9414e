package io.edgeplane.dns.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

/** Shortcuts the digest tests share: digest a reply expecting it usable, and serve what it kept. */
final class Digests {

    /** Clamps that change nothing: every TTL is served as the upstream gave it. */
    static final CacheSettings UNCLAMPED = new CacheSettings(1000, Duration.ZERO, Duration.ofSeconds(Integer.MAX_VALUE),
            Duration.ofSeconds(Integer.MAX_VALUE));

    private Digests() {
    }

    static Digested.Usable usable(byte[] reply, String qname, int qtype, String bailiwick) {
        Digested digested = ReplyDigest.digest(reply, qname, qtype, bailiwick);
        assertThat(digested).isInstanceOf(Digested.Usable.class);
        return (Digested.Usable) digested;
    }

    static Digested.Usable usable(byte[] reply, String qname, int qtype) {
        return usable(reply, qname, qtype, "");
    }

    static String unusable(byte[] reply, String qname, int qtype) {
        return unusable(reply, qname, qtype, "");
    }

    static String unusable(byte[] reply, String qname, int qtype, String bailiwick) {
        Digested digested = ReplyDigest.digest(reply, qname, qtype, bailiwick);
        assertThat(digested).isInstanceOf(Digested.Unusable.class);
        return ((Digested.Unusable) digested).reason();
    }

    /** What a client asking {@code qname}/{@code qtype} is served right after the reply came, TTLs unclamped. */
    static Served.Message served(Digested.Usable usable, String qname, int qtype) {
        return Served.serve(usable.toAnswer(UNCLAMPED, 0), qname, qtype, 0);
    }
}
