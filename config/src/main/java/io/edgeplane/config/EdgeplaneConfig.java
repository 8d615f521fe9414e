package io.edgeplane.config;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.dhcp.DhcpConfig;
import io.edgeplane.config.dns.DnsConfig;
import io.edgeplane.config.firewall.FirewallConfig;
import io.edgeplane.config.ntp.NtpConfig;
import io.edgeplane.config.proxy.ProxyConfig;
import io.edgeplane.config.vrrp.VrrpConfig;
import java.util.Objects;
import java.util.Optional;

/**
 * One node's whole config, validated and immutable. A section that is absent is a service that is off.
 * Services each take their part of a snapshot; a reload builds a new snapshot and swaps it whole.
 *
 * @param node    who this node is and how the process behaves
 * @param logging how the process logs
 * @param admin   the admin listener: health, metrics, running config, reload (HAProxy's stats port)
 * @param proxy   the HTTP reverse proxy: listeners, routes, upstream pools (nginx, HAProxy, Caddy)
 * @param dns     the DNS server: local names and records (dnsmasq's DNS side)
 * @param ntp     the NTP client and server: upstream servers and pools, serving time to allowed networks (chrony)
 * @param vrrp    VRRP instances holding virtual IPs, tracking scripts and this config's proxy (keepalived)
 * @param dhcp    the DHCPv4 server: address ranges, reservations, options, the lease file (dnsmasq's DHCP side)
 * @param firewall the node's nftables firewall: zones, what may reach, leave and cross the node (ufw, iptables)
 */
public record EdgeplaneConfig(NodeConfig node, LoggingConfig logging, Optional<AdminConfig> admin,
                              Optional<ProxyConfig> proxy, Optional<DnsConfig> dns,
                              Optional<NtpConfig> ntp, Optional<VrrpConfig> vrrp,
                              Optional<DhcpConfig> dhcp, Optional<FirewallConfig> firewall) implements Checked {

    public EdgeplaneConfig {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(logging, "logging");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(dns, "dns");
        Objects.requireNonNull(ntp, "ntp");
        Objects.requireNonNull(vrrp, "vrrp");
        Objects.requireNonNull(dhcp, "dhcp");
        Objects.requireNonNull(firewall, "firewall");
    }

    /** What one section names in another: each section's own check cannot see the others. */
    @Override
    public void check(Checks checks) {
        vrrp.ifPresent(v -> v.checkProxyReferences(checks.key("vrrp"), proxy));
        vrrp.ifPresent(v -> v.checkAcceptMode(checks.key("vrrp"), firewall.isPresent()));
    }
}
