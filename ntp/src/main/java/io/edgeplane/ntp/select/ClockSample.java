package io.edgeplane.ntp.select;

/**
 * One on-wire measurement from a server's reply (RFC 5905 §8): how far the server's clock is ahead of ours, the
 * round trip it was measured across, and the error bound it came with.
 *
 * @param offsetNanos     θ: the server's clock minus ours; positive when the server is ahead
 * @param delayNanos      δ: the round trip less the server's own processing, never below our precision
 * @param dispersionNanos ε: the error bound at {@code takenAtNanos}, from both clocks' precision and our frequency
 *                        tolerance over the round trip; it grows at PHI from then on
 * @param takenAtNanos    when the reply arrived, on the caller's monotonic clock
 */
public record ClockSample(long offsetNanos, long delayNanos, long dispersionNanos, long takenAtNanos) {

    private static final int MIN_LOG2 = Byte.MIN_VALUE;
    private static final int MAX_LOG2 = Byte.MAX_VALUE;

    public ClockSample {
        if (delayNanos < 0) {
            throw new IllegalArgumentException("delay must not be negative, got " + delayNanos + " ns");
        }
        if (dispersionNanos < 0 || dispersionNanos > Rfc5905.MAXDISP_NANOS) {
            throw new IllegalArgumentException("dispersion must be from 0 to MAXDISP ("
                    + Rfc5905.MAXDISP_NANOS + " ns), got " + dispersionNanos + " ns");
        }
    }

    /**
     * The sample of one client/server exchange, as RFC 5905 §8 and its Appendix A.5.1.1 ({@code packet()})
     * compute it:
     * <pre>
     *   θ = ((T2 − T1) + (T3 − T4)) / 2
     *   δ = max((T4 − T1) − (T3 − T2), ρ_local)
     *   ε = ρ_server + ρ_local + PHI × (T4 − T1)
     * </pre>
     * T1 and T4 are read on our clock, T2 and T3 on the server's, so only differences on the same clock are
     * taken: the two clocks' offset cancels out of δ, and the path's halves average into θ. An asymmetric path
     * puts half its asymmetry into θ, which no exchange can tell from an offset; δ / 2 bounds that error.
     *
     * <p>δ can come out negative over a very fast path when the two clocks run at different rates; the appendix
     * clamps it to our precision, as here. ε is clamped to MAXDISP, the most the protocol ever counts. The
     * appendix takes no other care of the timestamps; here a T4 before T1, or a T3 before T2, is refused, since
     * either means a clock went backwards in mid-exchange and the sample measures nothing.
     *
     * @param t1Nanos           our clock, Unix nanoseconds, when the request left (the reply's origin time)
     * @param t2Nanos           the server's clock when the request arrived (the reply's receive time)
     * @param t3Nanos           the server's clock when the reply left (the reply's transmit time)
     * @param t4Nanos           our clock when the reply arrived; not before {@code t1Nanos}
     * @param serverPrecision   the reply's precision, log2 seconds (a signed byte)
     * @param localPrecision    our clock's precision, log2 seconds
     * @param takenAtNanos      the monotonic time at which T4 was read
     */
    public static ClockSample fromTimestamps(long t1Nanos, long t2Nanos, long t3Nanos, long t4Nanos,
            int serverPrecision, int localPrecision, long takenAtNanos) {
        long roundTrip = difference("T4 - T1", t4Nanos, t1Nanos);
        if (roundTrip < 0) {
            throw new IllegalArgumentException("T4 (" + t4Nanos + ") must not be before T1 (" + t1Nanos
                    + "): our clock went backwards during the exchange");
        }
        long outbound = difference("T2 - T1", t2Nanos, t1Nanos);
        long inbound = difference("T3 - T4", t3Nanos, t4Nanos);
        long serverHeld = difference("T3 - T2", t3Nanos, t2Nanos);
        if (serverHeld < 0) {
            // A server that sends before it receives has a broken clock; δ would exceed the round trip.
            throw new IllegalArgumentException("T3 (" + t3Nanos + ") must not be before T2 (" + t2Nanos
                    + "): the server's clock went backwards while it held the request");
        }
        long localRho = precisionNanos(localPrecision);
        long serverRho = precisionNanos(serverPrecision);

        // Halve each term before adding, so that two huge halves cannot overflow; the remainders are added back,
        // so the result is the exact sum halved and rounded down (by half a nanosecond at most).
        long offset = Math.floorDiv(outbound, 2) + Math.floorDiv(inbound, 2)
                + (Math.floorMod(outbound, 2) + Math.floorMod(inbound, 2)) / 2;
        long delay = Math.max(roundTrip - serverHeld, localRho);
        long dispersion = Math.min(Rfc5905.MAXDISP_NANOS,
                serverRho + localRho + Rfc5905.phiGrowth(roundTrip));
        return new ClockSample(offset, delay, dispersion, takenAtNanos);
    }

    /**
     * A precision of 2^{@code log2Seconds} seconds in nanoseconds, rounded up (to 1 ns for anything finer), and
     * saturated at MAXDISP: a clock that cannot tell 16 s apart has no precision the protocol can count.
     *
     * @param log2Seconds a signed byte, as the precision travels
     */
    public static long precisionNanos(int log2Seconds) {
        if (log2Seconds < MIN_LOG2 || log2Seconds > MAX_LOG2) {
            throw new IllegalArgumentException("precision must be a signed byte of log2 seconds (-128 to 127), got "
                    + log2Seconds);
        }
        if (log2Seconds >= 4) {
            return Rfc5905.MAXDISP_NANOS;
        }
        if (log2Seconds >= 0) {
            return Rfc5905.NANOS_PER_SECOND << log2Seconds;
        }
        if (log2Seconds <= -62) {
            return 1;
        }
        return Math.ceilDiv(Rfc5905.NANOS_PER_SECOND, 1L << -log2Seconds);
    }

    private static long difference(String what, long a, long b) {
        try {
            return Math.subtractExact(a, b);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(what + " overflows a long of nanoseconds: " + a + " - " + b, e);
        }
    }
}
