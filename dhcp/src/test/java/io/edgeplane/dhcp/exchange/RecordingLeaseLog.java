package io.edgeplane.dhcp.exchange;

import io.edgeplane.dhcp.lease.Lease;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A lease log in memory: what was written, in order, and what a replay of it would hold now. */
final class RecordingLeaseLog implements LeaseLog {

    sealed interface Entry permits Put, Remove {
    }

    record Put(Lease lease) implements Entry {
    }

    record Remove(Inet4Address address) implements Entry {
    }

    final List<Entry> entries = new ArrayList<>();
    private final Map<Inet4Address, Lease> current = new HashMap<>();

    @Override
    public void put(Lease lease) {
        entries.add(new Put(lease));
        current.put(lease.address(), lease);
    }

    @Override
    public void remove(Inet4Address address) {
        entries.add(new Remove(address));
        current.remove(address);
    }

    List<Lease> puts() {
        return entries.stream().filter(Put.class::isInstance).map(e -> ((Put) e).lease()).toList();
    }

    List<Inet4Address> removes() {
        return entries.stream().filter(Remove.class::isInstance).map(e -> ((Remove) e).address()).toList();
    }

    /** The leases a replay of the log would hold, by address. */
    Map<Inet4Address, Lease> replay() {
        return Map.copyOf(current);
    }

    int size() {
        return entries.size();
    }
}
