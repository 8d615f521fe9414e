package io.edgeplane.ntp.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** NTP timestamps against Unix time across the eras: 1900, 1970, the 2036 rollover, and past 2104. */
class NtpTimestampTest {

    private static final long SECOND = 1_000_000_000L;

    /** A pivot for a reader that must see past 2104: its window runs from 2000 to 2136. */
    private static final long PIVOT_2000 = Instant.parse("2000-01-01T00:00:00Z").getEpochSecond();

    @Test
    void theUnixEpochIsSeventyYearsOfNtpSeconds() {
        NtpTimestamp epoch = NtpTimestamp.ofUnixNanos(0);

        assertThat(epoch.seconds()).isEqualTo(2_208_988_800L);
        assertThat(epoch.fraction()).isZero();
        assertThat(epoch.toUnixNanos()).isZero();
        assertThat(epoch.toInstant()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void nineteenHundredIsAllZeroBitsAndEraOneReadsThemAs2036() {
        NtpTimestamp ntpEpoch = NtpTimestamp.ofInstant(Instant.parse("1900-01-01T00:00:00Z"));

        assertThat(ntpEpoch).isEqualTo(NtpTimestamp.ZERO);
        // RFC 4330's reader puts seconds with the top bit clear in era 1: the first second of 2036's era.
        assertThat(ntpEpoch.toInstant()).isEqualTo(Instant.parse("2036-02-07T06:28:16Z"));
        // A reader whose window starts in 1900 reads 1900.
        long pivot1900 = -NtpTimestamp.UNIX_EPOCH_NTP_SECONDS;
        assertThat(ntpEpoch.toUnixNanos(pivot1900)).isEqualTo(pivot1900 * SECOND);
        NtpTimestamp later = NtpTimestamp.ofInstant(Instant.parse("1900-01-01T00:00:01.25Z"));
        assertThat(later.bits()).isEqualTo(1L << 32 | 1L << 30);
        assertThat(later.toUnixNanos(pivot1900)).isEqualTo(pivot1900 * SECOND + 1_250_000_000L);
    }

    @Test
    void the2036RolloverWrapsTheSecondsAndTheDefaultPivotReadsBothSides() {
        Instant lastOfEraZero = Instant.parse("2036-02-07T06:28:15.5Z");
        Instant firstOfEraOne = Instant.parse("2036-02-07T06:28:16Z");
        Instant secondOfEraOne = Instant.parse("2036-02-07T06:28:17.75Z");

        NtpTimestamp before = NtpTimestamp.ofInstant(lastOfEraZero);
        assertThat(before.seconds()).isEqualTo(0xFFFF_FFFFL);
        assertThat(before.fraction()).isEqualTo(0x8000_0000L);
        assertThat(before.toInstant()).isEqualTo(lastOfEraZero);

        // The first instant of era 1 is all zero bits, which the protocol also reads as "not set".
        assertThat(NtpTimestamp.ofInstant(firstOfEraOne).isZero()).isTrue();

        NtpTimestamp after = NtpTimestamp.ofInstant(secondOfEraOne);
        assertThat(after.seconds()).isEqualTo(1);
        assertThat(after.toInstant()).isEqualTo(secondOfEraOne);
        assertThat(after.toUnixNanos()).isEqualTo(secondOfEraOne.getEpochSecond() * SECOND + 750_000_000L);
        assertThat(after.toUnixNanos(PIVOT_2000)).isEqualTo(after.toUnixNanos());
    }

    @Test
    void theDefaultWindowRunsFrom1968To2104() {
        long first = NtpTimestamp.RFC_4330_PIVOT_UNIX_SECONDS;

        assertThat(Instant.ofEpochSecond(first)).isEqualTo(Instant.parse("1968-01-20T03:14:08Z"));
        assertThat(NtpTimestamp.ofUnixNanos(first * SECOND).seconds()).isEqualTo(1L << 31);
        assertThat(NtpTimestamp.ofUnixNanos(first * SECOND).toUnixNanos()).isEqualTo(first * SECOND);
        // One second before the window is read as its last second.
        assertThat(NtpTimestamp.ofUnixNanos((first - 1) * SECOND).toInstant())
                .isEqualTo(Instant.parse("2104-02-26T09:42:23Z"));
    }

    @Test
    void past2104ALaterPivotIsNeeded() {
        // 2106-02-07T06:28:16Z, Unix second 2^32, is where 32-bit Unix seconds end; NTP goes on.
        Instant unixRollover = Instant.ofEpochSecond(1L << 32);
        Instant in2106 = Instant.parse("2106-02-07T06:28:17.5Z");
        NtpTimestamp rollover = NtpTimestamp.ofInstant(unixRollover);

        assertThat(rollover.seconds()).isEqualTo(NtpTimestamp.UNIX_EPOCH_NTP_SECONDS);
        assertThat(rollover.toUnixNanos(PIVOT_2000)).isEqualTo((1L << 32) * SECOND);
        assertThat(NtpTimestamp.ofInstant(in2106).toUnixNanos(PIVOT_2000))
                .isEqualTo(in2106.getEpochSecond() * SECOND + 500_000_000L);
        // RFC 4330's window ends in 2104: the same bits read as 1970 there.
        assertThat(rollover.toInstant()).isEqualTo(Instant.EPOCH);
    }

    @Test
    void before1970TheNanosecondsStillRoundTrip() {
        long justBefore = -1;

        NtpTimestamp timestamp = NtpTimestamp.ofUnixNanos(justBefore);

        assertThat(timestamp.seconds()).isEqualTo(NtpTimestamp.UNIX_EPOCH_NTP_SECONDS - 1);
        assertThat(timestamp.toUnixNanos()).isEqualTo(justBefore);
        assertThat(timestamp.toInstant()).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999999Z"));
    }

    @Test
    void fractionsRoundToTheNearestStepAndBack() {
        assertThat(NtpTimestamp.ofUnixNanos(500_000_000L).fraction()).isEqualTo(0x8000_0000L);
        assertThat(NtpTimestamp.ofUnixNanos(1).fraction()).isEqualTo(4); // 4.29 steps of 2^-32 s
        assertThat(NtpTimestamp.ofUnixNanos(999_999_999L).fraction()).isEqualTo(0xFFFF_FFFCL);
        // The last step of a second is nearer the next second than any nanosecond before it.
        NtpTimestamp lastStep = new NtpTimestamp(NtpTimestamp.UNIX_EPOCH_NTP_SECONDS << 32 | 0xFFFF_FFFFL);
        assertThat(lastStep.toUnixNanos()).isEqualTo(SECOND);
        assertThat(lastStep.toInstant()).isEqualTo(Instant.ofEpochSecond(1));
    }

    @Test
    void everyNanosecondInTheWindowRoundTrips() {
        SplittableRandom random = new SplittableRandom(5905);
        long from = NtpTimestamp.RFC_4330_PIVOT_UNIX_SECONDS * SECOND;
        long to = from + (1L << 32) * SECOND;
        for (int i = 0; i < 100_000; i++) {
            long nanos = random.nextLong(from, to);
            assertThat(NtpTimestamp.ofUnixNanos(nanos).toUnixNanos()).isEqualTo(nanos);
        }
    }

    @Test
    void aPivotWhoseWindowDoesNotFitInALongOfNanosIsRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NtpTimestamp.ZERO.toUnixNanos(5_000_000_000L))
                .withMessageContaining("got 5000000000");
        assertThat(NtpTimestamp.ZERO.toUnixNanos(4_928_404_739L)).isPositive();
    }

    @Test
    void toStringShowsBitsAndInstant() {
        assertThat(NtpTimestamp.ZERO).hasToString("NtpTimestamp[ZERO]");
        assertThat(NtpTimestamp.ofUnixNanos(0).toString()).isEqualTo("NtpTimestamp[0x83aa7e8000000000 = 1970-01-01T00:00:00Z]");
    }
}
