package io.edgeplane.dns.cache;

import static io.edgeplane.dns.cache.ReplyBuilder.A;
import static io.edgeplane.dns.cache.ReplyBuilder.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link Digested}: how long a usable reply may be cached under given settings, and the answer it makes. */
class DigestedTest {

    private static final CacheSettings SETTINGS =
            new CacheSettings(100, Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofMinutes(5));

    private static final WireRecords NO_RECORDS = new WireRecords(new byte[0], 29, new int[0], new long[0], 0, 0);

    @Test
    void needsAReasonAndRecords() {
        assertThatThrownBy(() -> new Digested.Unusable(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Digested.Usable(0, false, true, 1, 0, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aPositiveAnswerIsCachedForItsTtlWithinTheClamps() {
        assertThat(new Digested.Usable(0, false, true, 300, 0, NO_RECORDS).cacheTtl(SETTINGS)).isEqualTo(300);
        assertThat(new Digested.Usable(0, false, true, 5, 0, NO_RECORDS).cacheTtl(SETTINGS)).isEqualTo(60);
        assertThat(new Digested.Usable(0, false, true, 0, 0, NO_RECORDS).cacheTtl(SETTINGS)).isEqualTo(60);
        assertThat(new Digested.Usable(0, false, true, 86400, 0, NO_RECORDS).cacheTtl(SETTINGS)).isEqualTo(3600);
    }

    @Test
    void aNegativeAnswerIsCachedWithinTheNegativeCeilingOnly() {
        assertThat(new Digested.Usable(3, true, true, 5, 0, NO_RECORDS).cacheTtl(SETTINGS)).isEqualTo(5);
        assertThat(new Digested.Usable(3, true, true, 0, 0, NO_RECORDS).cacheTtl(SETTINGS)).isZero();
        assertThat(new Digested.Usable(3, true, true, 3600, 0, NO_RECORDS).cacheTtl(SETTINGS)).isEqualTo(300);
    }

    @Test
    void anUncacheableAnswerIsCachedForNoTimeWhateverTheMinimum() {
        assertThat(new Digested.Usable(0, false, false, 300, 0, NO_RECORDS).cacheTtl(SETTINGS)).isZero();
        assertThat(new Digested.Usable(3, true, false, 300, 0, NO_RECORDS).cacheTtl(SETTINGS)).isZero();
    }

    @Test
    void makesAnAnswerWithTheRcodeAndTheClampsOfItsKind() {
        Digested.Usable usable = Digests.usable(
                reply("www.example", A).answer("www.example", A, 10, ReplyBuilder.ipv4("192.0.2.1")).build(),
                "www.example", A);

        CachedAnswer answer = usable.toAnswer(SETTINGS, 42);

        assertThat(answer.rcode()).isZero();
        assertThat(answer.ttlSeconds()).isEqualTo(60);
        assertThat(answer.bodyLength()).isEqualTo(usable.records().length());
    }
}
