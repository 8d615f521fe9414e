package io.edgeplane.ntp.select;

/**
 * What the clock filter makes of one source's recent samples (RFC 5905 §10, the peer variables): the offset and
 * delay of the sample it chose, and the error and spread of the whole register.
 *
 * @param offsetNanos     θ of the chosen sample
 * @param delayNanos      δ of the chosen sample
 * @param dispersionNanos ε, the filter dispersion at {@code asOfNanos}: the stages' aged dispersions, weighted
 *                        by 1/2, 1/4, … in order of delay
 * @param jitterNanos     ψ, the RMS of the stages' offsets about θ; at least the precision
 * @param sampleTimeNanos when the chosen sample was taken, on the caller's monotonic clock
 * @param asOfNanos       the monotonic time {@code dispersionNanos} was reckoned at; it grows at PHI after that
 */
public record FilterOutput(long offsetNanos, long delayNanos, long dispersionNanos, long jitterNanos,
        long sampleTimeNanos, long asOfNanos) {

    public FilterOutput {
        requireNotNegative("delay", delayNanos);
        requireNotNegative("dispersion", dispersionNanos);
        requireNotNegative("jitter", jitterNanos);
        if (asOfNanos < sampleTimeNanos) {
            throw new IllegalArgumentException("asOf (" + asOfNanos + " ns) must not be before the sample time ("
                    + sampleTimeNanos + " ns)");
        }
    }

    private static void requireNotNegative(String name, long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException(name + " must not be negative, got " + nanos + " ns");
        }
    }
}
