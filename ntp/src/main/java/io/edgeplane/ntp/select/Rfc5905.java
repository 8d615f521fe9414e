package io.edgeplane.ntp.select;

/**
 * The parameters of RFC 5905's mitigation algorithms (Appendix A.1.1), in nanoseconds, and the one law they all
 * apply: an error bound grows at PHI, the frequency tolerance, for as long as nothing renews it (§4).
 *
 * <p>Two values are ntpd's defaults rather than the appendix's, and say so: {@link #MAXDIST_NANOS} and
 * {@link #MINDIST_NANOS}: ntpd is the reference implementation the RFC describes, and its defaults are what
 * deployed clients and servers actually run with.
 */
public final class Rfc5905 {

    public static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** PHI, the frequency tolerance: 15 ppm, 15 µs of error per second that nothing renews it. */
    public static final long PHI_PPM = 15;

    /** NSTAGE: the clock filter's eight stages. */
    public static final int NSTAGE = 8;

    /** MAXDISP, 16 s: the largest dispersion counted; a filter stage that has aged to it is no sample at all. */
    public static final long MAXDISP_NANOS = 16 * NANOS_PER_SECOND;

    /**
     * MAXDIST, 1.5 s: a source whose root distance exceeds it is no candidate. The appendix says 1 s; ntpd's
     * default ({@code tos maxdist}, its MAXDISTANCE) is 1.5 s.
     */
    public static final long MAXDIST_NANOS = 1_500_000_000L;

    /**
     * MINDIST, 1 ms: the floor of a root distance, so that no source weighs infinitely in the combined offset and
     * none looks perfect. ntpd's default ({@code tos mindist}, its MINDISPERSE); the appendix's {@code root_dist}
     * instead floors the delay sum at MINDISP, 10 ms.
     */
    public static final long MINDIST_NANOS = 1_000_000L;

    /** MAXSTRAT, 16: "unsynchronised", the infinity of the stratum metric; stratum 16 and above never count. */
    public static final int MAXSTRAT = 16;

    /** NMIN, 3: clustering never prunes below three survivors. */
    public static final int NMIN = 3;

    /** SGATE, 3: an offset jump of more than three jitters is a popcorn spike. */
    public static final int SGATE = 3;

    private static final long MICROS_PER_SECOND = 1_000_000L;

    private Rfc5905() {
    }

    /**
     * How much an error bound grows in {@code elapsedNanos}: PHI × elapsed, rounded up, since an error bound
     * that rounds down promises more than it knows.
     *
     * @param elapsedNanos zero or more
     */
    public static long phiGrowth(long elapsedNanos) {
        if (elapsedNanos < 0) {
            throw new IllegalArgumentException("elapsed time must not be negative, got " + elapsedNanos + " ns");
        }
        // Split so that 15 × elapsed cannot overflow, whatever the elapsed time.
        long wholeMicros = elapsedNanos / MICROS_PER_SECOND;
        long rest = elapsedNanos % MICROS_PER_SECOND;
        return wholeMicros * PHI_PPM + Math.ceilDiv(rest * PHI_PPM, MICROS_PER_SECOND);
    }
}
