package io.edgeplane.dns.forward;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which servers a name is asked of, in which order: the servers of the longest configured domain the name is
 * or is under (dnsmasq's {@code server=/corp.example/...}), else the default servers; in configured order
 * ({@link ForwardSettings.Strategy#STRICT_ORDER}) or fastest first.
 */
final class UpstreamSelector {

    /**
     * FASTEST sends one query in this many to another server first: a server's RTT is only measured when it is
     * asked, and one that was slow once would otherwise never get the chance to show it has recovered.
     */
    static final int PROBE_EVERY = 16;

    private final ForwardSettings.Strategy strategy;
    private final Map<String, List<UpstreamStats>> byDomain;
    private final List<UpstreamStats> defaults;
    private final AtomicLong choices = new AtomicLong();

    UpstreamSelector(ForwardSettings.Strategy strategy, List<UpstreamStats> upstreams) {
        this.strategy = Objects.requireNonNull(strategy, "strategy");
        Map<String, List<UpstreamStats>> domains = new HashMap<>();
        List<UpstreamStats> all = new ArrayList<>();
        for (UpstreamStats upstream : upstreams) {
            if (upstream.server().domains().isEmpty()) {
                all.add(upstream);
            }
            for (String domain : upstream.server().domains()) {
                domains.computeIfAbsent(domain, d -> new ArrayList<>()).add(upstream);
            }
        }
        Map<String, List<UpstreamStats>> frozen = new LinkedHashMap<>();
        domains.forEach((domain, servers) -> frozen.put(domain, List.copyOf(servers)));
        this.byDomain = Map.copyOf(frozen);
        this.defaults = List.copyOf(all);
    }

    /** The servers to ask for {@code name} (canonical), first choice first; empty when none serves it. */
    List<UpstreamStats> order(String name) {
        List<UpstreamStats> servers = serversFor(name);
        if (strategy == ForwardSettings.Strategy.STRICT_ORDER || servers.size() < 2) {
            return servers;
        }
        // The RTTs are read once: other loops update them meanwhile, and a sort whose keys change under it
        // may break the comparator's contract. Unmeasured servers sort first (RTT zero), so each is tried
        // once before the order settles.
        Map<UpstreamStats, Long> rtts = new IdentityHashMap<>();
        for (UpstreamStats server : servers) {
            rtts.put(server, server.smoothedRttNanos());
        }
        List<UpstreamStats> fastest = new ArrayList<>(servers);
        fastest.sort(Comparator.comparingLong(rtts::get));
        long choice = choices.incrementAndGet();
        if (choice % PROBE_EVERY == 0) {
            int probed = 1 + (int) ((choice / PROBE_EVERY) % (fastest.size() - 1));
            fastest.addFirst(fastest.remove(probed));
        }
        return fastest;
    }

    private List<UpstreamStats> serversFor(String name) {
        if (!byDomain.isEmpty()) {
            // Longest first: the whole name, then without its first label, and so on.
            for (int start = 0; start >= 0; start = nextLabel(name, start)) {
                List<UpstreamStats> servers = byDomain.get(start == 0 ? name : name.substring(start));
                if (servers != null) {
                    return servers;
                }
            }
        }
        return defaults;
    }

    private static int nextLabel(String name, int start) {
        int dot = name.indexOf('.', start);
        return dot < 0 ? -1 : dot + 1;
    }
}
