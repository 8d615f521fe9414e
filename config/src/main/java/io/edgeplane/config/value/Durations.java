package io.edgeplane.config.value;

import java.time.Duration;

/**
 * Durations as configs write them: a number and a unit ({@code 250ms}, {@code 5s}, {@code 10m}, {@code 12h},
 * {@code 7d}), or several ({@code 1m30s}). A bare {@code 0} is allowed.
 */
public final class Durations {

    public static final String EXPECTED = "a duration with a unit, such as 250ms, 5s, 1m30s, 12h or 7d";

    private Durations() {
    }

    public static Duration parse(String text) throws InvalidValueException {
        String s = text.strip();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new InvalidValueException("an empty value is not a duration");
        }
        Duration total = Duration.ZERO;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && Character.isDigit(s.charAt(i))) {
                i++;
            }
            if (i == start || i - start > 12) {
                throw new InvalidValueException("'" + text + "' is not a duration");
            }
            long amount = Long.parseLong(s, start, i, 10);
            // "10 s" and "1m 30s" read as people write them, and "10 seconds" names its unit in the error.
            i = skipSpaces(s, i);
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            String unit = s.substring(unitStart, i);
            i = skipSpaces(s, i);
            total = total.plus(switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                case "" -> throw new InvalidValueException("'" + text + "' has no unit after " + amount);
                default -> throw new InvalidValueException("'" + unit + "' in '" + text + "' is not a time unit (ms, s, m, h, d)");
            });
        }
        return total;
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    /** The shortest text that parses back to {@code duration}: {@code 90s} prints as {@code 1m30s}. */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        long millis = duration.toMillis();
        StringBuilder out = new StringBuilder();
        long[] factors = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < factors.length; i++) {
            if (millis >= factors[i]) {
                out.append(millis / factors[i]).append(units[i]);
                millis %= factors[i];
            }
        }
        return out.toString();
    }
}
