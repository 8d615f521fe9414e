package io.edgeplane.ntp.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** θ, δ and ε from T1..T4 as RFC 5905 §8 and A.5.1.1 compute them, every number worked by hand. */
class ClockSampleTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    /** 2023-11-14T22:13:20Z: any Unix time will do, but a real one keeps the differences honest. */
    private static final long T1 = 1_700_000_000L * S;
    private static final long TAKEN = 42 * S;

    @Test
    void symmetricPathToASynchronisedServer() {
        // 10 ms out, 1 ms in the server, 10 ms back: θ = (10 + (11 - 21)) / 2 = 0, δ = 21 - 1 = 20 ms.
        ClockSample sample = ClockSample.fromTimestamps(T1, T1 + 10 * MS, T1 + 11 * MS, T1 + 21 * MS, -23, -20, TAKEN);

        assertThat(sample.offsetNanos()).isZero();
        assertThat(sample.delayNanos()).isEqualTo(20 * MS);
        // ε = ρ_server 2^-23 s (119.2 -> 120 ns) + ρ_local 2^-20 s (953.7 -> 954 ns) + 15 ppm × 21 ms (315 ns).
        assertThat(sample.dispersionNanos()).isEqualTo(120 + 954 + 315);
        assertThat(sample.takenAtNanos()).isEqualTo(TAKEN);
    }

    @Test
    void aServerOneSecondAheadOverASymmetricPath() {
        // The server reads 1 s more than we do; 10 ms each way, 1 ms held.
        // T2 - T1 = 1.010 s, T3 - T4 = 1.011 - 0.021 = 0.990 s: θ = (1.010 + 0.990) / 2 = 1 s exactly.
        long t2 = T1 + S + 10 * MS;
        ClockSample sample = ClockSample.fromTimestamps(T1, t2, t2 + MS, T1 + 21 * MS, -20, -20, TAKEN);

        assertThat(sample.offsetNanos()).isEqualTo(S);
        // The offset cancels out of δ: (T4 - T1) - (T3 - T2) = 21 - 1 ms.
        assertThat(sample.delayNanos()).isEqualTo(20 * MS);
    }

    @Test
    void anAsymmetricPathPutsHalfTheAsymmetryIntoTheOffsetAndDelayBoundsIt() {
        // Server in step with us, 30 ms out, 10 ms back, nothing held: θ = (30 + (30 - 40)) / 2 = 10 ms, although
        // the truth is 0. No exchange can tell that from an offset; δ / 2 = 20 ms bounds the error.
        ClockSample sample = ClockSample.fromTimestamps(T1, T1 + 30 * MS, T1 + 30 * MS, T1 + 40 * MS, -20, -20, TAKEN);

        assertThat(sample.offsetNanos()).isEqualTo(10 * MS);
        assertThat(sample.delayNanos()).isEqualTo(40 * MS);
        assertThat(Math.abs(sample.offsetNanos() - 0)).isLessThanOrEqualTo(sample.delayNanos() / 2);
    }

    @Test
    void aServerOneSecondBehindOverAnAsymmetricPath() {
        // Server 1 s behind; 5 ms out, 2 ms held, 15 ms back. T2 - T1 = -0.995 s; T3 = T2 + 2 ms, T4 = T1 + 22 ms,
        // so T3 - T4 = -1 s + 7 ms - 22 ms = -1.015 s. θ = (-0.995 - 1.015) / 2 = -1.005 s: the truth, -1 s, plus
        // half the asymmetry, (5 - 15) / 2 = -5 ms. δ = 22 - 2 = 20 ms.
        long t2 = T1 - S + 5 * MS;
        ClockSample sample = ClockSample.fromTimestamps(T1, t2, t2 + 2 * MS, T1 + 22 * MS, -20, -20, TAKEN);

        assertThat(sample.offsetNanos()).isEqualTo(-1_005 * MS);
        assertThat(sample.delayNanos()).isEqualTo(20 * MS);
    }

    @Test
    void aNegativeDelayIsClampedToOurPrecision() {
        // The server's clock runs fast: it held the request 400 ns of its time in a 300 ns round trip of ours.
        // Raw δ = 300 - 400 = -100 ns, clamped to ρ_local = 2^-20 s = 954 ns. θ = (100 + 200) / 2 = 150 ns.
        ClockSample sample = ClockSample.fromTimestamps(T1, T1 + 100, T1 + 500, T1 + 300, -20, -20, TAKEN);

        assertThat(sample.delayNanos()).isEqualTo(954);
        assertThat(sample.offsetNanos()).isEqualTo(150);
    }

    @Test
    void theOffsetIsTheExactHalfRoundedDown() {
        // (3 + 0) / 2 = 1.5 -> 1; (1 + -2) / 2 = -0.5 -> -1.
        assertThat(ClockSample.fromTimestamps(0, 3, 3, 3, -20, -20, 0).offsetNanos()).isEqualTo(1);
        assertThat(ClockSample.fromTimestamps(0, 1, 1, 3, -20, -20, 0).offsetNanos()).isEqualTo(-1);
        // Offsets near the ends of a long do not overflow on the way: (2^62 + 2^62) / 2.
        long quarter = 1L << 62;
        assertThat(ClockSample.fromTimestamps(0, quarter, quarter, 0, -20, -20, 0).offsetNanos()).isEqualTo(quarter);
    }

    @Test
    void dispersionIsClampedToMaxdisp() {
        // 8 s + 8 s of precision is all the protocol counts: 16 s, not 16 s + PHI × 21 ms.
        ClockSample coarse = ClockSample.fromTimestamps(T1, T1 + 10 * MS, T1 + 11 * MS, T1 + 21 * MS, 3, 3, TAKEN);
        assertThat(coarse.dispersionNanos()).isEqualTo(Rfc5905.MAXDISP_NANOS);
        // A round trip of 2,000,000 s would add 30 s of PHI alone.
        ClockSample slow = ClockSample.fromTimestamps(T1, T1, T1, T1 + 2_000_000 * S, -20, -20, TAKEN);
        assertThat(slow.dispersionNanos()).isEqualTo(Rfc5905.MAXDISP_NANOS);
    }

    @Test
    void precisionIsTwoToThePowerInNanosecondsRoundedUpAndSaturated() {
        assertThat(ClockSample.precisionNanos(0)).isEqualTo(S);
        assertThat(ClockSample.precisionNanos(-1)).isEqualTo(S / 2);
        assertThat(ClockSample.precisionNanos(-10)).isEqualTo(976_563); // 976562.5
        assertThat(ClockSample.precisionNanos(-20)).isEqualTo(954); // 953.67
        assertThat(ClockSample.precisionNanos(-29)).isEqualTo(2); // 1.86
        assertThat(ClockSample.precisionNanos(-30)).isEqualTo(1); // 0.93
        assertThat(ClockSample.precisionNanos(-128)).isEqualTo(1);
        assertThat(ClockSample.precisionNanos(3)).isEqualTo(8 * S);
        assertThat(ClockSample.precisionNanos(4)).isEqualTo(Rfc5905.MAXDISP_NANOS);
        assertThat(ClockSample.precisionNanos(127)).isEqualTo(Rfc5905.MAXDISP_NANOS);
        assertThatIllegalArgumentException().isThrownBy(() -> ClockSample.precisionNanos(128))
                .withMessageContaining("got 128");
        assertThatIllegalArgumentException().isThrownBy(() -> ClockSample.precisionNanos(-129))
                .withMessageContaining("got -129");
    }

    @Test
    void clocksGoingBackwardsMidExchangeAreRefused() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClockSample.fromTimestamps(T1, T1, T1, T1 - 1, -20, -20, TAKEN))
                .withMessageContaining("T4 (" + (T1 - 1) + ")").withMessageContaining("T1 (" + T1 + ")");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClockSample.fromTimestamps(T1, T1 + 5, T1 + 4, T1 + 10, -20, -20, TAKEN))
                .withMessageContaining("T3 (" + (T1 + 4) + ")").withMessageContaining("T2 (" + (T1 + 5) + ")");
    }

    @Test
    void differencesThatOverflowAreRefusedNamingTheValues() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClockSample.fromTimestamps(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE,
                        Long.MIN_VALUE + 10, -20, -20, TAKEN))
                .withMessageContaining("T2 - T1").withMessageContaining(String.valueOf(Long.MAX_VALUE));
    }

    @Test
    void theRecordRefusesNegativeDelayAndDispersionOutOfRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ClockSample(0, -1, 0, 0))
                .withMessageContaining("got -1 ns");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClockSample(0, 0, -2, 0))
                .withMessageContaining("got -2 ns");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new ClockSample(0, 0, Rfc5905.MAXDISP_NANOS + 1, 0))
                .withMessageContaining("got " + (Rfc5905.MAXDISP_NANOS + 1) + " ns");
    }
}
