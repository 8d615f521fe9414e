package io.edgeplane.ntp.clock;

/**
 * One measurement as the regression sees it: the free-running clock's offset from true time, in microseconds,
 * at a monotonic time, with its estimated error. Microseconds against seconds make a slope in ppm.
 *
 * @param monotonicNanos when it was measured
 * @param offsetMicros   true time minus the free-running clock
 * @param sigmaMicros    its estimated error, above 0; the regression weighs it by its inverse square
 */
record OffsetPoint(long monotonicNanos, double offsetMicros, double sigmaMicros) {

    OffsetPoint {
        if (!(sigmaMicros > 0) || !Double.isFinite(sigmaMicros)) {
            throw new IllegalArgumentException("sample error must be above 0 µs, got " + sigmaMicros);
        }
    }

    double weight() {
        return 1 / (sigmaMicros * sigmaMicros);
    }

    /** Seconds from {@code originNanos} to this point; exact enough in a double for spans of years. */
    double secondsSince(long originNanos) {
        return (monotonicNanos - originNanos) * 1e-9;
    }
}
