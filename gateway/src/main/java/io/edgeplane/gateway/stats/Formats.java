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
