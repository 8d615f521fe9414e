package io.edgeplane.dhcp.exchange;

import io.edgeplane.core.names.HostRegistry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** A host registry that remembers what each source registered, and every call made, in order. */
final class RecordingHostRegistry implements HostRegistry {

    final List<String> calls = new ArrayList<>();
    private final Map<String, Map<String, List<InetAddress>>> bySource = new HashMap<>();
    /** When set, {@link #register} fails as a full registry does. */
    boolean full;

    @Override
    public void register(String source, String name, List<InetAddress> addresses) {
        calls.add("register " + source + " " + name + " " + addresses);
        if (full) {
            throw new IllegalStateException("registry full");
        }
        if (source.isBlank() || addresses.isEmpty()) {
            throw new IllegalArgumentException("source '" + source + "', addresses " + addresses);
        }
        bySource.computeIfAbsent(source, s -> new HashMap<>()).put(name.toLowerCase(Locale.ROOT),
                List.copyOf(addresses));
    }

    @Override
    public void unregister(String source, String name) {
        calls.add("unregister " + source + " " + name);
        Map<String, List<InetAddress>> names = bySource.get(source);
        if (names != null) {
            names.remove(name.toLowerCase(Locale.ROOT));
        }
    }

    @Override
    public void unregisterAll(String source) {
        calls.add("unregisterAll " + source);
        bySource.remove(source);
    }

    /** What the DHCP server registered for {@code name}. */
    Optional<List<InetAddress>> lookup(String name) {
        return Optional.ofNullable(names().get(name.toLowerCase(Locale.ROOT)));
    }

    /** Every name the DHCP server has in DNS now. */
    Map<String, List<InetAddress>> names() {
        return Map.copyOf(bySource.getOrDefault(LeaseNames.SOURCE, Map.of()));
    }
}
