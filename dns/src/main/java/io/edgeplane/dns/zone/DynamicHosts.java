package io.edgeplane.dns.zone;

import io.edgeplane.config.dns.DnsNames;
import io.edgeplane.core.names.HostRegistry;
import java.lang.ref.WeakReference;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Names registered at runtime (DHCP leases), answered by every {@link LocalZone} built with this instance: the
 * DNS service keeps one across reloads, so a reload does not forget the leases.
 *
 * <p>Each zone reads a {@link View}: the records of the registrations under that zone's {@link Expansion}, in
 * concurrent maps the request path reads without locks. Writers take a lock, change the registrations, and
 * rebuild only the names a change touches (the name, its expanded form, the PTRs of its old and new addresses)
 * in every view still in use, so a write costs the same with ten leases or ten thousand. A lookup sees each
 * name whole, old or new; for a moment it may see a name's new addresses before their PTR records.
 *
 * <p>When several names are registered for one address, its PTR record points at the newest registration, as
 * a DHCP server's newest lease is the one in use.
 */
public final class DynamicHosts implements HostRegistry {

    /** The default limit on registered names. */
    public static final int DEFAULT_MAX_NAMES = 65_536;

    private final int maxNames;
    private final Object lock = new Object();
    // Everything below is guarded by lock.
    private final Map<String, Map<String, Registration>> byName = new HashMap<>();
    private final Map<InetAddress, Map<Key, Registration>> byAddress = new HashMap<>();
    /** Views of zones still alive; a zone that is dropped after a reload lets its view go with it. */
    private final List<WeakReference<View>> views = new ArrayList<>();
    private long sequence;
    private volatile int size;

    /** A registry of at most {@link #DEFAULT_MAX_NAMES} names. */
    public DynamicHosts() {
        this(DEFAULT_MAX_NAMES);
    }

    /** A registry of at most {@code maxNames} names: a flood of leases cannot grow it without bound. */
    public DynamicHosts(int maxNames) {
        if (maxNames < 1) {
            throw new IllegalArgumentException("maxNames " + maxNames + " must be 1 or more");
        }
        this.maxNames = maxNames;
    }

    @Override
    public void register(String source, String name, List<InetAddress> addresses) {
        checkSource(source);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(addresses, "addresses");
        if (!DnsNames.valid(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a domain name; expected " + DnsNames.EXPECTED);
        }
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("registering " + name + " needs at least one address; to remove it, "
                    + "unregister it");
        }
        List<InetAddress> copy = List.copyOf(new LinkedHashSet<>(addresses));
        String canonical = DnsNames.canonical(name);
        synchronized (lock) {
            if (!byName.containsKey(canonical) && byName.size() >= maxNames) {
                throw new IllegalStateException("the host registry holds " + maxNames + " names, its limit; "
                        + canonical + " from " + source + " was not added");
            }
            Registration registration = new Registration(source, canonical, copy, ++sequence);
            Registration old = byName.computeIfAbsent(canonical, n -> new HashMap<>()).put(source, registration);
            if (old != null) {
                unindex(old);
            }
            for (InetAddress address : copy) {
                byAddress.computeIfAbsent(address, a -> new HashMap<>()).put(registration.key(), registration);
            }
            changed(canonical, old == null ? List.of() : old.addresses(), copy);
        }
    }

    @Override
    public void unregister(String source, String name) {
        checkSource(source);
        Objects.requireNonNull(name, "name");
        String canonical = DnsNames.canonical(name);
        synchronized (lock) {
            remove(source, canonical);
        }
    }

    @Override
    public void unregisterAll(String source) {
        checkSource(source);
        synchronized (lock) {
            List<String> names = new ArrayList<>();
            byName.forEach((name, sources) -> {
                if (sources.containsKey(source)) {
                    names.add(name);
                }
            });
            names.forEach(name -> remove(source, name));
        }
    }

    /** How many names are registered (by any source). */
    public int size() {
        return size;
    }

    /**
     * The records of the registrations under {@code expansion}, kept current by every write for as long as the
     * caller holds on to it. Builds it if no live view has that expansion: call it off the request path.
     */
    View view(Expansion expansion) {
        Objects.requireNonNull(expansion, "expansion");
        synchronized (lock) {
            for (Iterator<WeakReference<View>> it = views.iterator(); it.hasNext(); ) {
                View view = it.next().get();
                if (view == null) {
                    it.remove();
                } else if (view.expansion.equals(expansion)) {
                    return view;
                }
            }
            View view = new View(expansion);
            Set<String> owners = new HashSet<>();
            for (String name : byName.keySet()) {
                owners.add(name);
                String expanded = expansion.expand(name);
                if (expanded != null) {
                    owners.add(expanded);
                }
            }
            owners.forEach(owner -> rebuildOwner(view, owner));
            byAddress.keySet().forEach(address -> rebuildPtr(view, address));
            views.add(new WeakReference<>(view));
            return view;
        }
    }

    private void remove(String source, String name) {
        Map<String, Registration> sources = byName.get(name);
        Registration old = sources == null ? null : sources.remove(source);
        if (old == null) {
            return;
        }
        if (sources.isEmpty()) {
            byName.remove(name);
        }
        unindex(old);
        changed(name, old.addresses(), List.of());
    }

    private void unindex(Registration registration) {
        for (InetAddress address : registration.addresses()) {
            Map<Key, Registration> holders = byAddress.get(address);
            holders.remove(registration.key());
            if (holders.isEmpty()) {
                byAddress.remove(address);
            }
        }
    }

    /** Rebuilds, in every live view, what a change to {@code name}'s registrations touches. */
    private void changed(String name, List<InetAddress> before, List<InetAddress> after) {
        size = byName.size();
        Set<InetAddress> addresses = new LinkedHashSet<>(before);
        addresses.addAll(after);
        for (Iterator<WeakReference<View>> it = views.iterator(); it.hasNext(); ) {
            View view = it.next().get();
            if (view == null) {
                it.remove();
                continue;
            }
            rebuildOwner(view, name);
            String expanded = view.expansion.expand(name);
            if (expanded != null) {
                rebuildOwner(view, expanded);
            }
            addresses.forEach(address -> rebuildPtr(view, address));
        }
    }

    /** The address records at {@code owner}: from registrations of that name, and of the bare name it expands. */
    private void rebuildOwner(View view, String owner) {
        List<Registration> contributors = new ArrayList<>(byName.getOrDefault(owner, Map.of()).values());
        view.expansion.domain().ifPresent(domain -> {
            int bareLength = owner.length() - domain.length() - 1;
            if (bareLength > 0 && owner.endsWith(domain) && owner.charAt(bareLength) == '.'
                    && owner.lastIndexOf('.', bareLength - 1) < 0) {
                contributors.addAll(byName.getOrDefault(owner.substring(0, bareLength), Map.of()).values());
            }
        });
        contributors.sort(Comparator.comparingLong(Registration::sequence));
        NameTable table = new NameTable();
        for (Registration registration : contributors) {
            for (InetAddress address : registration.addresses()) {
                table.add(ResourceRecord.address(owner, view.expansion.ttl(), address));
            }
        }
        view.put(owner, table.build().get(owner));
    }

    /** The PTR record for {@code address}: to the newest registration that has it. */
    private void rebuildPtr(View view, InetAddress address) {
        String reverse = ReverseName.of(address);
        Registration newest = byAddress.getOrDefault(address, Map.of()).values().stream()
                .max(Comparator.comparingLong(Registration::sequence)).orElse(null);
        if (newest == null) {
            view.put(reverse, null);
            return;
        }
        NameTable table = new NameTable();
        table.add(ResourceRecord.ptr(reverse, view.expansion.ttl(), view.expansion.ptrTarget(newest.name())));
        view.put(reverse, table.build().get(reverse));
    }

    private static void checkSource(String source) {
        Objects.requireNonNull(source, "source");
        if (source.isBlank()) {
            throw new IllegalArgumentException("source '" + source + "' is blank; name the registering service, such as dhcp");
        }
    }

    /** Who registered a name. */
    private record Key(String source, String name) {
    }

    /** One source's addresses for one name; {@code sequence} orders registrations, newest last. */
    private record Registration(String source, String name, List<InetAddress> addresses, long sequence) {

        Key key() {
            return new Key(source, name);
        }
    }

    /**
     * The registered names' records under one expansion, read by lookups without locks. Only the registry's
     * writers change it.
     */
    static final class View {

        final Expansion expansion;
        private final Map<String, NameData> names = new ConcurrentHashMap<>();
        /** Owner names' ancestors, each with how many owners are below it: the empty non-terminals. */
        private final Map<String, Integer> ancestors = new ConcurrentHashMap<>();

        /**
         * An empty view. The registry fills the ones it hands out; one made elsewhere stays empty, which is what
         * settling a zone's static CNAME chains needs.
         */
        View(Expansion expansion) {
            this.expansion = Objects.requireNonNull(expansion, "expansion");
        }

        /** The answers at {@code name}, or {@code null}. */
        NameData get(String name) {
            return names.get(name);
        }

        /** Whether registered names lie below {@code name} (RFC 8020: it exists). */
        boolean hasNamesBelow(String name) {
            return ancestors.containsKey(name);
        }

        private void put(String owner, NameData data) {
            NameData before = data == null ? names.remove(owner) : names.put(owner, data);
            if ((before == null) != (data == null)) {
                int delta = data == null ? -1 : 1;
                for (int dot = owner.indexOf('.'); dot >= 0; dot = owner.indexOf('.', dot + 1)) {
                    ancestors.compute(owner.substring(dot + 1), (a, count) -> {
                        int next = (count == null ? 0 : count) + delta;
                        return next == 0 ? null : next;
                    });
                }
            }
        }
    }

    @Override
    public String toString() {
        return "DynamicHosts[" + size + " names, at most " + maxNames + "]";
    }
}
