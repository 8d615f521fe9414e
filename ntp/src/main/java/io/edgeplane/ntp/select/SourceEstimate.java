package io.edgeplane.ntp.select;

import io.edgeplane.ntp.packet.NtpPacket;
import java.util.Objects;

/**
 * What selection needs to know of one source: its filter's answer, and what the source said of its own distance
 * from a primary reference (its stratum, root delay and root dispersion, as its last reply carried them).
 *
 * @param id                  the caller's name for the source, unique among those selected together
 * @param stratum             0 to 255, as the reply carried it; 0 (unspecified) and 16 and above never count
 * @param rootDelayNanos      the source's round trip to its primary reference
 * @param rootDispersionNanos the source's error bound relative to its primary reference
 * @param filter              the source's clock filter output
 */
public record SourceEstimate(String id, int stratum, long rootDelayNanos, long rootDispersionNanos,
        FilterOutput filter) {

    public SourceEstimate {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(filter, "filter");
        if (stratum < 0 || stratum > 255) {
            throw new IllegalArgumentException("stratum must be 0 to 255, got " + stratum + " for " + id);
        }
        if (rootDelayNanos < 0) {
            throw new IllegalArgumentException("root delay must not be negative, got " + rootDelayNanos
                    + " ns for " + id);
        }
        if (rootDispersionNanos < 0) {
            throw new IllegalArgumentException("root dispersion must not be negative, got " + rootDispersionNanos
                    + " ns for " + id);
        }
    }

    /** The estimate of a source from its last reply's header and its filter's output. */
    public static SourceEstimate fromReply(String id, NtpPacket reply, FilterOutput filter) {
        Objects.requireNonNull(reply, "reply");
        return new SourceEstimate(id, reply.stratum(), reply.rootDelay().toNanos(), reply.rootDispersion().toNanos(),
                filter);
    }

    /**
     * Whether the stratum can synchronise us at all: RFC 5905 maps 0 (unspecified, and every kiss-o'-death) to
     * MAXSTRAT on receipt, and MAXSTRAT means unsynchronised.
     */
    public boolean hasUsableStratum() {
        return stratum != 0 && stratum < Rfc5905.MAXSTRAT;
    }

    /**
     * λ, the root synchronisation distance at {@code nowNanos} (RFC 5905 §11.2, Appendix A.5.5.2
     * {@code root_dist}): the most our clock, set from this source, can be off from the primary reference —
     * <pre>
     *   λ = (δ_root + δ) / 2 + ε_root + ε + PHI × (now − t) + ψ,   at least MINDIST
     * </pre>
     * where t is when the filter's dispersion was reckoned. Half the total round trip bounds the path's
     * asymmetry; the dispersions bound the clocks' errors, ours still growing at PHI; the jitter adds the
     * source's noise. Rounded up.
     *
     * @param nowNanos the caller's monotonic time, no earlier than the filter output's
     */
    public long rootDistance(long nowNanos) {
        if (nowNanos < filter.asOfNanos()) {
            throw new IllegalArgumentException("now (" + nowNanos + " ns) must not be before the filter output of "
                    + id + " (" + filter.asOfNanos() + " ns)");
        }
        long delays = rootDelayNanos + filter.delayNanos();
        long distance = delays / 2 + delays % 2 + rootDispersionNanos + filter.dispersionNanos()
                + Rfc5905.phiGrowth(nowNanos - filter.asOfNanos()) + filter.jitterNanos();
        return Math.max(Rfc5905.MINDIST_NANOS, distance);
    }
}
