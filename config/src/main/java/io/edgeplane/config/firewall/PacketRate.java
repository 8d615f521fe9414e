package io.edgeplane.config.firewall;

import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.value.InvalidValueException;
import java.time.Duration;
import java.util.Locale;

/**
 * A packet rate such as {@code 25/minute}, as iptables' {@code -m limit --limit} and nftables' {@code limit rate}
 * write it. The unit may be shortened as iptables allows ({@code 25/min}, {@code 10/s}).
 *
 * @param count packets per unit, 1..1000000
 * @param unit  second, minute, hour, day or week
 */
public record PacketRate(long count, Unit unit) {

    public static final String EXPECTED = "a rate such as 25/minute, 10/second, 100/hour or 1000/day";
    public static final long MAX_COUNT = 1_000_000;
    /**
     * The longest a bucket may take to fill: the kernel keeps a limit's bucket in 64-bit nanoseconds and refuses a
     * rule whose bucket overflows them ({@code limit rate 1/week burst 1000000 packets}: "Value too large for defined
     * data type"), and a per-source meter keeps a source that long.
     */
    public static final Duration MAX_REFILL = Duration.ofNanos(Long.MAX_VALUE);

    /** The units nftables knows. */
    public enum Unit {
        SECOND(Duration.ofSeconds(1)), MINUTE(Duration.ofMinutes(1)), HOUR(Duration.ofHours(1)),
        DAY(Duration.ofDays(1)), WEEK(Duration.ofDays(7));

        private final Duration length;

        Unit(Duration length) {
            this.length = length;
        }

        public Duration length() {
            return length;
        }

        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public PacketRate {
        java.util.Objects.requireNonNull(unit, "unit");
        if (count < 1 || count > MAX_COUNT) {
            throw new IllegalArgumentException("count must be 1.." + MAX_COUNT + ", got " + count);
        }
    }

    public static PacketRate parse(String text) throws InvalidValueException {
        String s = text.strip().toLowerCase(Locale.ROOT);
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1) {
            throw new InvalidValueException("'" + text + "' is not a rate");
        }
        String digits = s.substring(0, slash).replace("_", "");
        if (digits.isEmpty() || digits.length() > 7 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("'" + text + "' does not start with a count of packets");
        }
        long count = Long.parseLong(digits);
        if (count < 1 || count > MAX_COUNT) {
            throw new InvalidValueException("the count in '" + text + "' must be 1.." + MAX_COUNT);
        }
        String unitText = s.substring(slash + 1);
        for (Unit unit : Unit.values()) {
            // iptables takes any prefix of the unit's name: /s, /sec, /min, /h, /d
            if (unit.keyword().startsWith(unitText)) {
                return new PacketRate(count, unit);
            }
        }
        throw new InvalidValueException("'" + unitText + "' in '" + text + "' is not second, minute, hour, day or week");
    }

    /** How long a bucket of {@code burst} packets takes to fill again at this rate. */
    public Duration refill(int burst) {
        return unit.length.multipliedBy(burst).dividedBy(count);
    }

    /**
     * Reports a bucket of {@code burst} packets at this rate that takes longer than {@link #MAX_REFILL} to fill;
     * {@code checks} is the burst's.
     */
    void checkRefill(Checks checks, int burst) {
        Duration refill = refill(burst);
        checks.require(refill.compareTo(MAX_REFILL) <= 0, "burst " + burst + " at " + this + " takes "
                        + refill.toDays() + " days to fill, more than the " + MAX_REFILL.toDays() / 365
                        + " years nftables can count", "a smaller burst or a higher rate");
    }

    @Override
    public String toString() {
        return count + "/" + unit.keyword();
    }
}
