package io.edgeplane.ntp.clock;

/**
 * The system clock's frequency error as chrony's drift file keeps it: how many microseconds the free-running
 * clock gains per second of its own (positive = it runs fast and is slowed down), and the estimate's error.
 *
 * @param frequencyPpm the clock's gain in parts per million, within ±{@link ClockDiscipline#MAX_FREQUENCY_PPM}
 * @param errorPpm     the estimated error of {@code frequencyPpm} (one standard deviation), 0 or more
 */
public record Drift(double frequencyPpm, double errorPpm) {

    public Drift {
        if (!Double.isFinite(frequencyPpm) || Math.abs(frequencyPpm) > ClockDiscipline.MAX_FREQUENCY_PPM) {
            throw new IllegalArgumentException("frequency must be a number within ±"
                    + ClockDiscipline.MAX_FREQUENCY_PPM + " ppm, got " + frequencyPpm);
        }
        if (!Double.isFinite(errorPpm) || errorPpm < 0) {
            throw new IllegalArgumentException("frequency error must be a number of 0 ppm or more, got " + errorPpm);
        }
    }
}
