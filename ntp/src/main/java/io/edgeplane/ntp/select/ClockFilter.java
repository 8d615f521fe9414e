package io.edgeplane.ntp.select;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * RFC 5905's clock filter (§10, Appendix A.5.2), one per source: the last eight samples in a shift register, and
 * of those the one of least delay, since queueing only ever adds delay and the quickest round trip is the one
 * whose offset the path's asymmetry can have bent the least.
 *
 * <p>Each stage's dispersion grows at PHI from the time its sample was taken; a stage that has aged to MAXDISP,
 * and an empty stage, count as the RFC's dummy tuple (dispersion MAXDISP) and are never chosen. The filter
 * dispersion weights the stages, in order of delay, by 1/2, 1/4, … 1/256, so a register of one sample reports
 * nearly 8 s and one of four about 0.94 s: a source can be selected (MAXDIST 1.5 s) from its fourth sample on.
 *
 * <p>A sample is used (becomes the filter's offset and delay) only if it is later than the last one used, and
 * not a popcorn spike: an offset more than SGATE jitters from the last one used, less than the spike window
 * after it. Differences from the appendix's code, each deliberate:
 * <ul>
 * <li>the jitter that gates a spike is the spread of the other stages about the last offset used, leaving the
 *     candidate out. The appendix measures it about the candidate, where a lone spike s away from seven quiet
 *     stages makes a jitter of s; counted about the last offset used it still makes s/√7; either way 3 jitters
 *     exceed s, the spike widens its own gate past itself, and the gate never closes;
 * <li>the gate waits for four stages besides the candidate, since a jitter of fewer says little (ntpd's gate
 *     likewise waits for the filter dispersion to fall below MAXDIST, which takes about four samples);
 * <li>the spike window is fixed at construction (the RFC's "twice the system poll interval"), since the poll
 *     interval is the caller's to manage;
 * <li>the appendix's "anything goes before first synchronised" becomes: the first sample is always used;
 * <li>the jitter is the RMS √(Σ (θ_j − θ)² / (n − 1)) that §10 describes; the appendix's code leaves out the
 *     division;
 * <li>{@link #output} reckons the dispersion and jitter from the register at the time asked, while the offset
 *     and delay stay those of the last sample used; the appendix recomputes them only as a sample arrives.
 * </ul>
 * Not thread-safe: one source's replies arrive one at a time.
 */
public final class ClockFilter {

    /** What {@link #add} did with a sample. */
    public enum Verdict {
        /** The filter now answers with the least-delay sample, which is newer than the last one used. */
        USED,
        /** The least-delay sample is not newer than the last one used: nothing changes, no sample serves twice. */
        NOT_NEWER,
        /** The least-delay sample jumps more than SGATE jitters, too soon after the last one used. */
        POPCORN_SPIKE,
        /** Every stage has aged to MAXDISP (a sample whose dispersion is already MAXDISP counts as none). */
        NO_VALID_SAMPLE
    }

    private static final int WEIGHT_SHIFT = Rfc5905.NSTAGE;
    /** Stages besides the candidate needed before the spike gate closes. */
    private static final int SPIKE_EVIDENCE = 4;

    private final long precisionNanos;
    private final long spikeWindowNanos;
    /** Newest first; never more than NSTAGE. */
    private final List<ClockSample> stages = new ArrayList<>(Rfc5905.NSTAGE + 1);
    private ClockSample used;

    /**
     * @param precisionNanos   our clock's precision, the floor of the jitter; at least 1 ns
     * @param spikeWindowNanos how long after the last sample used a jump is still a spike rather than a step; the
     *                         RFC's is twice the poll interval; 0 turns spike suppression off
     */
    public ClockFilter(long precisionNanos, long spikeWindowNanos) {
        if (precisionNanos < 1) {
            throw new IllegalArgumentException("precision must be at least 1 ns, got " + precisionNanos + " ns");
        }
        if (spikeWindowNanos < 0) {
            throw new IllegalArgumentException("spike window must not be negative, got " + spikeWindowNanos + " ns");
        }
        this.precisionNanos = precisionNanos;
        this.spikeWindowNanos = spikeWindowNanos;
    }

    /**
     * Shifts a sample into the register, dropping the oldest of eight, and runs the filter at the sample's time.
     *
     * @param sample taken no earlier than the newest sample already here
     */
    public Verdict add(ClockSample sample) {
        Objects.requireNonNull(sample, "sample");
        if (!stages.isEmpty() && sample.takenAtNanos() < stages.getFirst().takenAtNanos()) {
            throw new IllegalArgumentException("samples must arrive in time order: " + sample.takenAtNanos()
                    + " ns is before the newest stage, " + stages.getFirst().takenAtNanos() + " ns");
        }
        stages.addFirst(sample);
        if (stages.size() > Rfc5905.NSTAGE) {
            stages.removeLast();
        }
        long now = sample.takenAtNanos();
        List<ClockSample> valid = validByDelay(now);
        if (valid.isEmpty()) {
            return Verdict.NO_VALID_SAMPLE;
        }
        ClockSample best = valid.getFirst();
        if (used != null) {
            if (best.takenAtNanos() <= used.takenAtNanos()) {
                return Verdict.NOT_NEWER;
            }
            List<ClockSample> others = valid.subList(1, valid.size());
            boolean gated = others.size() >= SPIKE_EVIDENCE
                    && best.takenAtNanos() - used.takenAtNanos() < spikeWindowNanos;
            long jump = Math.abs(best.offsetNanos() - used.offsetNanos());
            if (gated && jump > Rfc5905.SGATE * jitter(used, others)) {
                return Verdict.POPCORN_SPIKE;
            }
        }
        used = best;
        return Verdict.USED;
    }

    /**
     * The filter's answer at {@code nowNanos}: the offset and delay of the last sample used, with the register's
     * dispersion and jitter as they stand now; empty until a sample has been used.
     *
     * @param nowNanos the caller's monotonic time, no earlier than the newest sample
     */
    public Optional<FilterOutput> output(long nowNanos) {
        if (used == null) {
            return Optional.empty();
        }
        long newest = stages.getFirst().takenAtNanos();
        if (nowNanos < newest) {
            throw new IllegalArgumentException("now (" + nowNanos + " ns) must not be before the newest sample ("
                    + newest + " ns)");
        }
        List<ClockSample> valid = validByDelay(nowNanos);
        return Optional.of(new FilterOutput(used.offsetNanos(), used.delayNanos(), dispersion(valid, nowNanos),
                jitter(used, valid), used.takenAtNanos(), nowNanos));
    }

    /** The stages whose dispersion has not aged to MAXDISP by {@code now}, least delay first, newer first on ties. */
    private List<ClockSample> validByDelay(long now) {
        List<ClockSample> valid = new ArrayList<>(stages.size());
        for (ClockSample stage : stages) {
            if (aged(stage, now) < Rfc5905.MAXDISP_NANOS) {
                valid.add(stage);
            }
        }
        valid.sort(Comparator.comparingLong(ClockSample::delayNanos)
                .thenComparing(Comparator.comparingLong(ClockSample::takenAtNanos).reversed()));
        return valid;
    }

    private static long aged(ClockSample stage, long now) {
        return Math.min(Rfc5905.MAXDISP_NANOS, stage.dispersionNanos() + Rfc5905.phiGrowth(now - stage.takenAtNanos()));
    }

    /** Σ ε_i / 2^(i+1) over all eight stages in order of delay, the missing ones at MAXDISP; rounded up. */
    private static long dispersion(List<ClockSample> byDelay, long now) {
        // Scaled by 2^8 so that every weight is a whole number and the sum is exact until the one division.
        long scaled = 0;
        for (int i = 0; i < Rfc5905.NSTAGE; i++) {
            long epsilon = i < byDelay.size() ? aged(byDelay.get(i), now) : Rfc5905.MAXDISP_NANOS;
            scaled += epsilon << (WEIGHT_SHIFT - 1 - i);
        }
        return Math.ceilDiv(scaled, 1L << WEIGHT_SHIFT);
    }

    /** The RMS of the other valid stages' offsets about {@code reference}'s, at least the precision. */
    private long jitter(ClockSample reference, List<ClockSample> valid) {
        double sumOfSquares = 0;
        int others = 0;
        for (ClockSample stage : valid) {
            if (stage.equals(reference)) {
                continue;
            }
            double difference = (double) stage.offsetNanos() - reference.offsetNanos();
            sumOfSquares += difference * difference;
            others++;
        }
        if (others == 0) {
            return precisionNanos;
        }
        return Math.max(precisionNanos, (long) Math.ceil(Math.sqrt(sumOfSquares / others)));
    }
}
