package io.edgeplane.gateway.stats;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * How the stats page writes measures: short, fixed precision, the same everywhere on the page. Locale.ROOT
 * throughout so a node set up in German still writes {@code 1.5}, not {@code 1,5}.
 */
final class Formats {

    private static final String[] BYTE_UNITS = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    private Formats() {
    }

    /** A request rate: {@code 12.3}. */
    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%.1f", perSecond);
    }

    /** A latency: {@code 12.3 ms}, or {@code -} when nothing was measured. */
    static String millis(Double millis) {
        return millis == null ? "-" : String.format(Locale.ROOT, "%.1f ms", millis);
    }

    /**
     * A small time measure given in microseconds (a jitter, a round trip) in the unit that reads best:
     * {@code 45.6 µs}, {@code 1.23 ms}, {@code 2.500 s}; {@code -} when it is not a number.
     */
    static String micros(double micros) {
        if (!Double.isFinite(micros)) {
            return "-";
        }
        double size = Math.abs(micros);
        if (size < 999.95) {
            return String.format(Locale.ROOT, "%.1f µs", micros);
        }
        if (size < 999_995) {
            return String.format(Locale.ROOT, "%.2f ms", micros / 1e3);
        }
        return String.format(Locale.ROOT, "%.3f s", micros / 1e6);
    }

    /**
     * A clock offset or correction in microseconds, as {@link #micros} but always signed ({@code +12.3 µs},
     * {@code -1.25 ms}), the way chronyc writes offsets; one that rounds to nothing is {@code 0.0 µs}.
     */
    static String offset(double micros) {
        String unsigned = micros(Math.abs(micros));
        if (!Double.isFinite(micros) || unsigned.equals("0.0 µs")) {
            return unsigned;
        }
        return (micros < 0 ? "-" : "+") + unsigned;
    }

    /** A frequency error in ppm, signed, to a thousandth: {@code +12.345 ppm}, {@code -0.500 ppm}. */
    static String ppm(double ppm) {
        if (!Double.isFinite(ppm)) {
            return "-";
        }
        String unsigned = String.format(Locale.ROOT, "%.3f ppm", Math.abs(ppm));
        return unsigned.equals("0.000 ppm") ? unsigned : (ppm < 0 ? "-" : "+") + unsigned;
    }

    /**
     * An NTP poll interval, given as its log2 in seconds, in seconds: {@code 64 s} for 6, {@code 1/128 s}
     * for -7.
     */
    static String poll(int log2) {
        if (log2 >= 0) {
            return log2 < 63 ? (1L << log2) + " s" : "2^" + log2 + " s";
        }
        return log2 > -63 ? "1/" + (1L << -log2) + " s" : "2^" + log2 + " s";
    }

    /** A byte count in binary units: {@code 512 B}, {@code 1.2 MiB}. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, BYTE_UNITS[unit]);
    }

    /**
     * A duration in its two largest units: {@code 12s}, {@code 3m12s}, {@code 2h03m}, {@code 4d02h}. A
     * negative one (a clock that stepped back) reads {@code 0s} rather than nonsense.
     */
    static String age(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format(Locale.ROOT, "%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }

    /** How long ago {@code then} was, seen from {@code now}: {@code 3m12s ago}. */
    static String ago(Instant then, Instant now) {
        return age(Duration.between(then, now)) + " ago";
    }

    /** An instant in UTC to the second: {@code 2025-03-01T12:00:05Z}. */
    static String instant(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
