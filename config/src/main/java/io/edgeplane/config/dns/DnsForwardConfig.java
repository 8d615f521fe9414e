package io.edgeplane.config.dns;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.NameServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Where names without local data are sent: dnsmasq's {@code server=}, {@code server=/domain/ip},
 * {@code no-resolv} and {@code strict-order}. No servers (and no resolv.conf) is dnsmasq's {@code no-resolv}
 * without {@code server=}: such names are refused.
 *
 * @param servers       the default upstreams, asked for every name no {@code domains} entry claims
 * @param domains       per-domain upstreams (dnsmasq's {@code server=/corp.example/10.1.2.3}): the domain and
 *                      every name under it go to these servers only; the longest matching domain wins
 * @param resolvConf    also read the default upstreams from {@code resolv_file}'s {@code nameserver} lines, at
 *                      start and on every reload (dnsmasq reads it unless told {@code no-resolv})
 * @param resolvFile    the file {@code resolv_conf} reads
 * @param strategy      which server is asked first: {@code fastest} (lowest recent round-trip time, as dnsmasq
 *                      does by default) or {@code strict_order} (dnsmasq's {@code strict-order})
 * @param timeout       how long one upstream query waits before the next server is asked
 * @param attempts      upstream queries per client query at most, over the servers in turn
 * @param maxInFlight   distinct queries waiting on upstreams at once (dnsmasq's {@code dns-forward-max}); beyond
 *                      it, queries are answered SERVFAIL and a log line names the slowest upstream
 * @param randomizeCase send names in random letter case (0x20), an extra guess for a spoofed reply
 */
public record DnsForwardConfig(
        List<NameServer> servers,
        Map<String, List<NameServer>> domains,
        @Default("false") boolean resolvConf,
        @Default("/etc/resolv.conf") String resolvFile,
        @Default("fastest") Strategy strategy,
        @Default("2s") Duration timeout,
        @Default("2") int attempts,
        @Default("150") int maxInFlight,
        @Default("true") boolean randomizeCase) implements Checked {

    /** Which server is asked first. */
    public enum Strategy { FASTEST, STRICT_ORDER }

    public DnsForwardConfig {
        servers = List.copyOf(servers);
        domains = Map.copyOf(domains);
        Objects.requireNonNull(resolvFile, "resolvFile");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The settings forwarding runs with when the {@code forward} section is left out: no upstreams at all. */
    public static DnsForwardConfig none() {
        return new DnsForwardConfig(List.of(), Map.of(), false, "/etc/resolv.conf", Strategy.FASTEST,
                Duration.ofSeconds(2), 2, 150, true);
    }

    @Override
    public void check(Checks checks) {
        Set<NameServer> seen = new HashSet<>();
        for (int i = 0; i < servers.size(); i++) {
            checks.key("servers").index(i).require(seen.add(servers.get(i)), servers.get(i) + " is listed twice",
                    "each server once");
        }
        domains.forEach((domain, list) -> {
            checks.key("domains").key(domain).require(DnsNames.valid(domain), "'" + domain + "' is not a domain name",
                    DnsNames.EXPECTED);
            checks.key("domains").key(domain).require(!list.isEmpty(), "a domain needs at least one server",
                    "such as [10.1.2.3]");
        });
        checks.key("resolv_file").require(!resolvFile.isBlank(), "the path is empty", "such as /etc/resolv.conf");
        checks.key("timeout").require(timeout.compareTo(Duration.ofMillis(10)) >= 0 && timeout.compareTo(Duration.ofSeconds(60)) <= 0,
                "timeout must be 10ms..60s", "such as 2s");
        checks.key("attempts").require(attempts >= 1 && attempts <= 10, "attempts must be 1..10", "such as 2");
        checks.key("max_in_flight").require(maxInFlight >= 1 && maxInFlight <= 1_000_000,
                "max_in_flight must be 1..1000000", "such as 150 (dnsmasq's dns-forward-max) or 1000");
    }

    /** Whether any upstream can be asked at all, before resolv.conf is read. */
    public boolean configured() {
        return !servers.isEmpty() || !domains.isEmpty() || resolvConf;
    }
}
