package io.edgeplane.config.value;

/** A size in bytes, written with a unit: {@code 512B}, {@code 16KiB}, {@code 1MiB}, {@code 10MB}. */
public record DataSize(long bytes) {

    public static final String EXPECTED = "a size with a unit, such as 512B, 16KiB, 1MiB, 2GiB or 10MB";

    private static final String[] UNITS = {"GiB", "MiB", "KiB", "GB", "MB", "KB", "B"};
    private static final long[] FACTORS = {1L << 30, 1L << 20, 1L << 10, 1_000_000_000L, 1_000_000L, 1_000L, 1L};

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("a size is not negative, got " + bytes);
        }
    }

    public static DataSize ofKibibytes(long kib) {
        return new DataSize(Math.multiplyExact(kib, 1024L));
    }

    public static DataSize parse(String text) throws InvalidValueException {
        String s = text.strip();
        int digits = 0;
        while (digits < s.length() && Character.isDigit(s.charAt(digits))) {
            digits++;
        }
        if (digits == 0 || digits > 18) {
            throw new InvalidValueException("'" + text + "' is not a size");
        }
        String unit = s.substring(digits).strip();
        long number = Long.parseLong(s.substring(0, digits));
        if (unit.isEmpty() && number == 0) {
            return new DataSize(0);
        }
        for (int i = 0; i < UNITS.length; i++) {
            if (UNITS[i].equalsIgnoreCase(unit)) {
                try {
                    return new DataSize(Math.multiplyExact(number, FACTORS[i]));
                } catch (ArithmeticException e) {
                    throw new InvalidValueException("'" + text + "' is too large");
                }
            }
        }
        throw new InvalidValueException(unit.isEmpty()
                ? "'" + text + "' has no unit"
                : "'" + unit + "' in '" + text + "' is not a size unit");
    }

    @Override
    public String toString() {
        for (int i = 0; i < 3; i++) {
            if (bytes != 0 && bytes % FACTORS[i] == 0) {
                return bytes / FACTORS[i] + UNITS[i];
            }
        }
        return bytes + "B";
    }
}
