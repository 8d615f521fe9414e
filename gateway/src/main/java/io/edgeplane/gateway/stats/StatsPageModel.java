package io.edgeplane.gateway.stats;

import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.dns.stats.DnsStats;
import io.edgeplane.dhcp.server.DhcpStatus;
import io.edgeplane.firewall.service.FirewallStatus;
import io.edgeplane.ntp.stats.NtpStats;
import io.edgeplane.vrrp.server.InstanceStatus;
import io.edgeplane.proxy.stats.ProxyStats;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the stats page shows, taken at one moment.
 *
 * @param node            the node's name
 * @param version         edgeplane's version
 * @param now             when this was taken; ages on the page count from here
 * @param uptime          how long the process has run
 * @param configSource    where the running config came from (a file path)
 * @param configAppliedAt when the running config was applied
 * @param services        each service's health by name, in the order the page lists them
 * @param proxy           the proxy's stats, empty when no proxy runs
 * @param dns             the DNS server's stats, empty when no DNS server runs
 * @param ntp             the NTP service's stats (client and server), empty when no NTP service runs
 * @param vrrp            each VRRP instance, empty when no VRRP service runs
 * @param dhcp            the DHCP server's state and leases, empty when no DHCP server runs
 * @param firewall        the ruleset in force and what the last reading of the kernel's table found, empty when no
 *                        firewall runs or none is in force yet
 * @param canWrite        whether the viewer may drain, enable or take servers out of service
 * @param refresh         how often the page reloads itself; {@link Duration#ZERO} for never
 */
public record StatsPageModel(String node, String version, Instant now, Duration uptime, String configSource,
                             Instant configAppliedAt, Map<String, Health> services, Optional<ProxyStats> proxy,
                             Optional<DnsStats> dns, Optional<NtpStats> ntp, Optional<List<InstanceStatus>> vrrp,
                             Optional<DhcpStatus> dhcp, Optional<FirewallStatus> firewall, boolean canWrite,
                             Duration refresh) {

    public StatsPageModel {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(uptime, "uptime");
        Objects.requireNonNull(configSource, "configSource");
        Objects.requireNonNull(configAppliedAt, "configAppliedAt");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(ntp, "ntp");
        vrrp = Objects.requireNonNull(vrrp, "vrrp").map(List::copyOf);
        Objects.requireNonNull(dhcp, "dhcp");
        Objects.requireNonNull(firewall, "firewall");
        Objects.requireNonNull(refresh, "refresh");
        if (uptime.isNegative()) {
            throw new IllegalArgumentException("uptime must not be negative, got " + uptime);
        }
        if (refresh.isNegative()) {
            throw new IllegalArgumentException("refresh must be zero (never) or positive, got " + refresh);
        }
        // Map.copyOf would lose the order the page lists services in.
        services = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(services, "services")));
    }

    /** A model of a node that runs no firewall. */
    public StatsPageModel(String node, String version, Instant now, Duration uptime, String configSource,
                          Instant configAppliedAt, Map<String, Health> services, Optional<ProxyStats> proxy,
                          Optional<DnsStats> dns, Optional<NtpStats> ntp, Optional<List<InstanceStatus>> vrrp,
                          Optional<DhcpStatus> dhcp, boolean canWrite, Duration refresh) {
        this(node, version, now, uptime, configSource, configAppliedAt, services, proxy, dns, ntp, vrrp, dhcp,
                Optional.empty(), canWrite, refresh);
    }

    /** A model of a node that runs no DHCP server and no firewall. */
    public StatsPageModel(String node, String version, Instant now, Duration uptime, String configSource,
                          Instant configAppliedAt, Map<String, Health> services, Optional<ProxyStats> proxy,
                          Optional<DnsStats> dns, Optional<NtpStats> ntp, Optional<List<InstanceStatus>> vrrp,
                          boolean canWrite, Duration refresh) {
        this(node, version, now, uptime, configSource, configAppliedAt, services, proxy, dns, ntp, vrrp,
                Optional.empty(), Optional.empty(), canWrite, refresh);
    }

    /** A model of a node that runs no VRRP, no DHCP server and no firewall. */
    public StatsPageModel(String node, String version, Instant now, Duration uptime, String configSource,
                          Instant configAppliedAt, Map<String, Health> services, Optional<ProxyStats> proxy,
                          Optional<DnsStats> dns, Optional<NtpStats> ntp, boolean canWrite, Duration refresh) {
        this(node, version, now, uptime, configSource, configAppliedAt, services, proxy, dns, ntp, Optional.empty(),
                Optional.empty(), Optional.empty(), canWrite, refresh);
    }
}
