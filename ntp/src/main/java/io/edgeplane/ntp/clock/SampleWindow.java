package io.edgeplane.ntp.clock;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The recent offset points the frequency and offset are estimated from, as chrony's source statistics keep them:
 * at most {@link #MAX_SAMPLES}, outliers dropped, and old points dropped when the residuals of a straight line show
 * a pattern (a runs test), because then the clock's frequency has changed and the old points describe another
 * clock. Not thread-safe; the discipline owns it.
 */
final class SampleWindow {

    /** chrony's default {@code maxsamples}: 64 polls, a little over an hour at 64 s. */
    static final int MAX_SAMPLES = 64;

    /** Fewer points than this give no usable noise estimate, so nothing is called an outlier yet. */
    static final int MIN_SAMPLES_FOR_OUTLIERS = 4;

    /** The runs test needs this many points to say anything. */
    static final int MIN_SAMPLES_FOR_RUNS = 8;

    /** The runs test never cuts the window below this many points. */
    static final int MIN_SAMPLES_KEPT = 6;

    /**
     * Fewer sign runs than expected by this many standard deviations fails the test: 1 % one-sided, so a clock
     * with a steady frequency loses history to a false alarm only about once in a hundred updates.
     */
    static final double RUNS_Z_LIMIT = -2.33;

    /** A point further from the line than this many (robust) standard deviations is an outlier. */
    static final double OUTLIER_SIGMAS = 5;

    /**
     * ...and never closer than this: with very quiet sources the scatter can be nanoseconds, and a real change of
     * the path of a few hundred microseconds must then reach the line instead of being called a spike forever.
     */
    static final double OUTLIER_FLOOR_MICROS = 1000;

    /** Residuals all below this are rounding, not a pattern worth a runs test. */
    private static final double RESOLUTION_MICROS = 0.01;

    /** Median absolute deviation to standard deviation, for normally distributed residuals. */
    private static final double MAD_TO_SIGMA = 1.4826;

    private final ArrayList<OffsetPoint> points = new ArrayList<>();

    void add(OffsetPoint point) {
        if (!points.isEmpty() && point.monotonicNanos() < points.getLast().monotonicNanos()) {
            throw new IllegalArgumentException("offset sample at monotonic " + point.monotonicNanos()
                    + " ns is older than the newest one at " + points.getLast().monotonicNanos() + " ns");
        }
        points.add(point);
        if (points.size() > MAX_SAMPLES) {
            points.removeFirst();
        }
    }

    /** Starts over from {@code newPoints}, oldest first: the clock changed and the old points no longer apply. */
    void replaceWith(List<OffsetPoint> newPoints) {
        points.clear();
        newPoints.forEach(this::add);
    }

    int size() {
        return points.size();
    }

    LineFit fit() {
        return LineFit.of(points);
    }

    /**
     * How the scatter about the line compares with the points' stated errors, from the median so that the
     * outliers being looked for cannot inflate it: 1 when the errors are stated right, 0 when the line is exact.
     */
    double noiseScale(LineFit line) {
        double[] normalised = new double[points.size()];
        for (int i = 0; i < normalised.length; i++) {
            OffsetPoint p = points.get(i);
            normalised[i] = Math.abs(line.residual(p)) / p.sigmaMicros();
        }
        Arrays.sort(normalised);
        int mid = normalised.length / 2;
        double median = normalised.length % 2 == 1 ? normalised[mid] : (normalised[mid - 1] + normalised[mid]) / 2;
        return MAD_TO_SIGMA * median;
    }

    /** How far from the line a point with error {@code sigmaMicros} may lie before it is an outlier. */
    static double outlierLimitMicros(double sigmaMicros, double noiseScale, double lineVariance) {
        double scatter = sigmaMicros * noiseScale;
        return Math.max(OUTLIER_FLOOR_MICROS, OUTLIER_SIGMAS * Math.sqrt(scatter * scatter + lineVariance));
    }

    /**
     * Drops outliers (once: a refit after dropping them is what the runs test then looks at) and the oldest
     * points while the residuals fail the runs test.
     *
     * @return how many points were dropped
     */
    int prune() {
        int before = points.size();
        if (before >= MIN_SAMPLES_FOR_OUTLIERS) {
            LineFit line = fit();
            double scale = noiseScale(line);
            points.removeIf(p -> Math.abs(line.residual(p)) > outlierLimitMicros(p.sigmaMicros(), scale, 0));
        }
        int n = points.size();
        if (n >= MIN_SAMPLES_FOR_RUNS) {
            int start = 0;
            while (n - start >= MIN_SAMPLES_FOR_RUNS && !passesRunsTest(points.subList(start, n))) {
                start++;
            }
            // No window long enough to test passed: keep only the newest few, which describe the clock as it is.
            int keepFrom = n - start >= MIN_SAMPLES_FOR_RUNS ? start : n - MIN_SAMPLES_KEPT;
            points.subList(0, keepFrom).clear();
        }
        return before - points.size();
    }

    /** Wald–Wolfowitz runs test on the signs of the residuals from a line through {@code window}. */
    private static boolean passesRunsTest(List<OffsetPoint> window) {
        LineFit line = LineFit.of(window);
        int positive = 0;
        int runs = 0;
        boolean previous = false;
        double largest = 0;
        for (int i = 0; i < window.size(); i++) {
            double r = line.residual(window.get(i));
            largest = Math.max(largest, Math.abs(r));
            boolean sign = r >= 0;
            positive += sign ? 1 : 0;
            runs += i == 0 || sign != previous ? 1 : 0;
            previous = sign;
        }
        int n = window.size();
        int negative = n - positive;
        if (largest < RESOLUTION_MICROS || positive == 0 || negative == 0) {
            return true;
        }
        double product = 2.0 * positive * negative;
        double expected = product / n + 1;
        double variance = product * (product - n) / ((double) n * n * (n - 1));
        return variance <= 0 || (runs - expected) / Math.sqrt(variance) >= RUNS_Z_LIMIT;
    }
}
