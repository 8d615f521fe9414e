package io.edgeplane.ntp.clock;

import java.util.List;

/**
 * A weighted least-squares line through offset points: offset (µs) against time (s), so its slope is in ppm.
 * Kept as the centroid and the sums that give the slope's and a prediction's variance, so that the caller can
 * swap in another slope (the regression's combined with a prior) and still predict through the centroid.
 *
 * @param originNanos  monotonic time that x = 0 stands for (the newest point's)
 * @param count        points fitted
 * @param meanSeconds  weighted mean of x
 * @param meanMicros   weighted mean of y
 * @param slope        the fitted slope in ppm; 0 when there is none ({@link #hasSlope()})
 * @param sumWeights   Σw
 * @param sxx          Σw(x − x̄)²
 * @param chiSquare    Σw·r² / (n − 2): how the scatter compares with the points' stated errors; 1 when n ≤ 2
 */
record LineFit(long originNanos, int count, double meanSeconds, double meanMicros, double slope,
               double sumWeights, double sxx, double chiSquare) {

    /** Fits a line through one or more points, oldest first. */
    static LineFit of(List<OffsetPoint> points) {
        if (points.isEmpty()) {
            throw new IllegalStateException("no offset samples to fit a line through");
        }
        long origin = points.getLast().monotonicNanos();
        double sw = 0;
        double swx = 0;
        double swy = 0;
        for (OffsetPoint p : points) {
            double w = p.weight();
            sw += w;
            swx += w * p.secondsSince(origin);
            swy += w * p.offsetMicros();
        }
        double mx = swx / sw;
        double my = swy / sw;
        double sxx = 0;
        double sxy = 0;
        for (OffsetPoint p : points) {
            double dx = p.secondsSince(origin) - mx;
            sxx += p.weight() * dx * dx;
            sxy += p.weight() * dx * (p.offsetMicros() - my);
        }
        double slope = sxx > 0 ? sxy / sxx : 0;
        LineFit line = new LineFit(origin, points.size(), mx, my, slope, sw, sxx, 1);
        if (points.size() <= 2) {
            return line;
        }
        double chi = 0;
        for (OffsetPoint p : points) {
            double r = line.residual(p);
            chi += p.weight() * r * r;
        }
        return new LineFit(origin, points.size(), mx, my, slope, sw, sxx, chi / (points.size() - 2));
    }

    /** Whether the points span time, so that the slope means something. */
    boolean hasSlope() {
        return sxx > 0;
    }

    /** The slope's variance in ppm²; infinite without a slope. */
    double slopeVariance() {
        return hasSlope() ? chiSquare / sxx : Double.POSITIVE_INFINITY;
    }

    /** The point's offset minus the line's at its time. */
    double residual(OffsetPoint p) {
        return p.offsetMicros() - at(p.monotonicNanos(), slope);
    }

    /** The offset at {@code nanos} on the line through the centroid with {@code withSlope}. */
    double at(long nanos, double withSlope) {
        return meanMicros + withSlope * ((nanos - originNanos) * 1e-9 - meanSeconds);
    }

    /** The variance (µs²) of {@link #at} for a slope whose variance is {@code slopeVariance}. */
    double varianceAt(long nanos, double slopeVariance) {
        double dx = (nanos - originNanos) * 1e-9 - meanSeconds;
        return chiSquare / sumWeights + dx * dx * slopeVariance;
    }
}
