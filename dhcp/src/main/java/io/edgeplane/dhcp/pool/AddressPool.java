package io.edgeplane.dhcp.pool;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The dynamic ranges, one bit per address saying whether it is taken (leased, offered, held back after a decline
 * or a conflict, reserved for a fixed client, or the server's own). Finding a free address is a scan of the bit
 * sets from a starting point, so a full pool of a million addresses still answers in microseconds. One thread
 * owns it.
 */
public final class AddressPool {

    /** One {@code dhcp-range}. */
    public record Range(long first, long last, Duration lease) {
        public Range {
            if (first > last || first < 0 || last > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("range " + first + ".." + last + " is not a range of IPv4 addresses");
            }
            Objects.requireNonNull(lease, "lease");
        }

        int size() {
            return Math.toIntExact(last - first + 1);
        }

        boolean contains(long address) {
            return address >= first && address <= last;
        }
    }

    private final List<Range> ranges;
    private final List<BitSet> taken = new ArrayList<>();
    private final long size;
    private long takenCount;

    public AddressPool(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
        long total = 0;
        for (Range range : this.ranges) {
            taken.add(new BitSet(range.size()));
            total += range.size();
        }
        this.size = total;
    }

    /** How many addresses the ranges hold. */
    public long size() {
        return size;
    }

    /** How many of them are free. */
    public long free() {
        return size - takenCount;
    }

    /** Whether the address lies in one of the ranges. */
    public boolean contains(Inet4Address address) {
        return indexOf(Ipv4Ints.of(address)) >= 0;
    }

    /** The lease time of the range holding the address. */
    public Optional<Duration> leaseTime(Inet4Address address) {
        int index = indexOf(Ipv4Ints.of(address));
        return index < 0 ? Optional.empty() : Optional.of(ranges.get(index).lease());
    }

    /** Whether the address is in a range and free. */
    public boolean isFree(Inet4Address address) {
        long value = Ipv4Ints.of(address);
        int index = indexOf(value);
        return index >= 0 && !taken.get(index).get((int) (value - ranges.get(index).first()));
    }

    /** Marks the address taken; an address outside the ranges is ignored. */
    public void take(Inet4Address address) {
        set(address, true);
    }

    /** Marks the address free again; an address outside the ranges is ignored. */
    public void release(Inet4Address address) {
        set(address, false);
    }

    /**
     * A free address, searching from a point chosen by {@code hint} (a hash of the client) so that clients spread
     * over the ranges and a client that comes back after its lease was forgotten tends to land where it was, as
     * dnsmasq does; empty when every address is taken.
     */
    public Optional<Inet4Address> findFree(int hint) {
        return findFree(hint, range -> true);
    }

    /** As {@link #findFree(int)}, searching only the ranges {@code usable} accepts (those on a client's network). */
    public Optional<Inet4Address> findFree(int hint, Predicate<Range> usable) {
        if (size == 0 || takenCount >= size) {
            return Optional.empty();
        }
        long start = Integer.toUnsignedLong(hint) % size;
        // Walk the ranges as one sequence starting at start, wrapping once.
        long offset = 0;
        for (int i = 0; i < ranges.size(); i++) {
            int rangeSize = ranges.get(i).size();
            if (start < offset + rangeSize) {
                int from = (int) (start - offset);
                Optional<Inet4Address> found = usable.test(ranges.get(i)) ? scan(i, from, rangeSize) : Optional.empty();
                if (found.isPresent()) {
                    return found;
                }
                for (int k = 1; k <= ranges.size(); k++) {
                    int j = (i + k) % ranges.size();
                    if (!usable.test(ranges.get(j))) {
                        continue;
                    }
                    found = scan(j, 0, j == i ? from : ranges.get(j).size());
                    if (found.isPresent()) {
                        return found;
                    }
                }
                return Optional.empty();
            }
            offset += rangeSize;
        }
        return Optional.empty();
    }

    private Optional<Inet4Address> scan(int index, int from, int to) {
        int bit = taken.get(index).nextClearBit(from);
        return bit < to ? Optional.of(Ipv4Ints.address(ranges.get(index).first() + bit)) : Optional.empty();
    }

    private void set(Inet4Address address, boolean value) {
        long n = Ipv4Ints.of(address);
        int index = indexOf(n);
        if (index < 0) {
            return;
        }
        BitSet bits = taken.get(index);
        int bit = (int) (n - ranges.get(index).first());
        if (bits.get(bit) != value) {
            bits.set(bit, value);
            takenCount += value ? 1 : -1;
        }
    }

    private int indexOf(long address) {
        for (int i = 0; i < ranges.size(); i++) {
            if (ranges.get(i).contains(address)) {
                return i;
            }
        }
        return -1;
    }
}
