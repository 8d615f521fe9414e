package io.edgeplane.dhcp.pool;

import java.net.Inet4Address;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Every binding by address and by client, the addresses held back (declined or found in use), and the last
 * address of clients whose lease is gone, so a returning client gets its address back while it is still free.
 * Lapsed bindings come off in {@link #lapse}, in order of time. One thread owns it.
 */
public final class Bindings {

    private record Deadline(Instant when, Inet4Address address) implements Comparable<Deadline> {
        @Override
        public int compareTo(Deadline other) {
            return when.compareTo(other.when);
        }
    }

    private final Map<Inet4Address, Binding> byAddress = new HashMap<>();
    private final Map<ClientKey, Binding> byClient = new HashMap<>();
    private final Map<Inet4Address, Instant> heldBack = new HashMap<>();
    private final Map<ClientKey, Inet4Address> remembered;
    private final PriorityQueue<Deadline> deadlines = new PriorityQueue<>();
    private int leased;

    /** @param rememberedClients how many departed clients' addresses to remember */
    public Bindings(int rememberedClients) {
        this.remembered = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ClientKey, Inet4Address> eldest) {
                return size() > rememberedClients;
            }
        };
    }

    public Optional<Binding> at(Inet4Address address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    public Optional<Binding> of(ClientKey client) {
        return Optional.ofNullable(byClient.get(client));
    }

    /** The address the client had last, whatever became of it since. */
    public Optional<Inet4Address> remembered(ClientKey client) {
        return Optional.ofNullable(remembered.get(client));
    }

    /** Remembers {@code address} as the client's last, as for a lease read back from the journal already expired. */
    public void remember(ClientKey client, Inet4Address address) {
        remembered.put(Objects.requireNonNull(client, "client"), Objects.requireNonNull(address, "address"));
    }

    /**
     * Binds the address to the binding's client, replacing that client's previous binding and the address's; returns
     * the bindings it displaced (at most two), so the caller can free their addresses and end their leases.
     */
    public List<Binding> put(Binding binding) {
        Objects.requireNonNull(binding, "binding");
        List<Binding> displaced = new ArrayList<>(2);
        Binding previousOfClient = byClient.get(binding.client());
        if (previousOfClient != null && !previousOfClient.address().equals(binding.address())) {
            displaced.add(removeAddress(previousOfClient.address()));
        }
        Binding previousAtAddress = removeAddress(binding.address());
        if (previousAtAddress != null) {
            displaced.add(previousAtAddress);
        }
        byAddress.put(binding.address(), binding);
        byClient.put(binding.client(), binding);
        remembered.put(binding.client(), binding.address());
        if (binding instanceof Binding.Leased) {
            leased++;
        }
        deadlines.add(new Deadline(binding.until(), binding.address()));
        return displaced;
    }

    /** The addresses held back now. */
    public List<Inet4Address> heldBack() {
        return List.copyOf(heldBack.keySet());
    }

    /** Removes whatever binds the address; the client's remembered address stays. */
    public Optional<Binding> remove(Inet4Address address) {
        return Optional.ofNullable(removeAddress(address));
    }

    /** Holds the address back from offers until {@code until}. */
    public void holdBack(Inet4Address address, Instant until) {
        heldBack.merge(address, until, (a, b) -> a.isAfter(b) ? a : b);
        deadlines.add(new Deadline(until, address));
    }

    public boolean isHeldBack(Inet4Address address) {
        return heldBack.containsKey(address);
    }

    /** How many bindings are leases. */
    public int leaseCount() {
        return leased;
    }

    /** The leases and offers, for the admin API and compaction; a snapshot. */
    public Collection<Binding> all() {
        return Collections.unmodifiableCollection(new ArrayList<>(byAddress.values()));
    }

    /**
     * Takes off every binding and hold whose time is up at {@code now}, and returns them; held-back addresses come
     * back as their address alone (a {@link Lapsed} with no binding).
     */
    public List<Lapsed> lapse(Instant now) {
        List<Lapsed> lapsed = new ArrayList<>();
        while (!deadlines.isEmpty() && !deadlines.peek().when().isAfter(now)) {
            Deadline deadline = deadlines.poll();
            Binding binding = byAddress.get(deadline.address());
            if (binding != null && !binding.until().isAfter(now)) {
                removeAddress(deadline.address());
                lapsed.add(new Lapsed(deadline.address(), Optional.of(binding)));
            }
            Instant hold = heldBack.get(deadline.address());
            if (hold != null && !hold.isAfter(now)) {
                heldBack.remove(deadline.address());
                lapsed.add(new Lapsed(deadline.address(), Optional.empty()));
            }
        }
        return lapsed;
    }

    /** When the next binding or hold lapses, if any. */
    public Optional<Instant> nextDeadline() {
        return deadlines.isEmpty() ? Optional.empty() : Optional.of(deadlines.peek().when());
    }

    /** An address whose binding (or hold, when {@code binding} is empty) ran out. */
    public record Lapsed(Inet4Address address, Optional<Binding> binding) {
    }

    private Binding removeAddress(Inet4Address address) {
        Binding removed = byAddress.remove(address);
        if (removed != null) {
            byClient.remove(removed.client(), removed);
            if (removed instanceof Binding.Leased) {
                leased--;
            }
        }
        return removed;
    }
}
