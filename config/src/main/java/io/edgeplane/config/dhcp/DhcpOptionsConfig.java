package io.edgeplane.config.dhcp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.dns.DnsNames;
import io.edgeplane.config.value.IpAddresses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The options every client is given (dnsmasq's {@code dhcp-option}). Where dnsmasq fills in an option itself, so
 * does edgeplane: the router and the DNS server default to the server's own address on the interface, the subnet
 * mask and broadcast address to the interface's subnet.
 *
 * @param router        option 3; absent = the server's address (dnsmasq's default)
 * @param dnsServers    option 6; empty = the server's address (dnsmasq's default)
 * @param domain        option 15, and the domain lease names are registered under in DNS ({@code domain=})
 * @param ntpServers    option 42; empty = not sent
 * @param broadcast     option 28; absent = the subnet's broadcast address
 * @param renewalTime   T1, option 58; absent = half the lease (RFC 2131 §4.4.5)
 * @param rebindingTime T2, option 59; absent = seven eighths of the lease
 * @param extra         any other options by number ({@code dhcp-option=252,...})
 */
public record DhcpOptionsConfig(Optional<InetAddress> router, List<InetAddress> dnsServers, Optional<String> domain,
                                List<InetAddress> ntpServers, Optional<InetAddress> broadcast,
                                Optional<Duration> renewalTime, Optional<Duration> rebindingTime,
                                List<DhcpExtraOptionConfig> extra) implements Checked {

    public DhcpOptionsConfig {
        Objects.requireNonNull(router, "router");
        dnsServers = List.copyOf(dnsServers);
        Objects.requireNonNull(domain, "domain");
        ntpServers = List.copyOf(ntpServers);
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(renewalTime, "renewalTime");
        Objects.requireNonNull(rebindingTime, "rebindingTime");
        extra = List.copyOf(extra);
    }

    @Override
    public void check(Checks checks) {
        router.ifPresent(a -> requireIpv4(checks.key("router"), a));
        for (int i = 0; i < dnsServers.size(); i++) {
            requireIpv4(checks.key("dns_servers").index(i), dnsServers.get(i));
        }
        for (int i = 0; i < ntpServers.size(); i++) {
            requireIpv4(checks.key("ntp_servers").index(i), ntpServers.get(i));
        }
        broadcast.ifPresent(a -> requireIpv4(checks.key("broadcast"), a));
        domain.ifPresent(d -> checks.key("domain").require(DnsNames.valid(d) && !d.endsWith("."),
                "'" + d + "' is not a domain name", DnsNames.EXPECTED));
        renewalTime.ifPresent(t -> checks.key("renewal_time").require(!t.isNegative() && !t.isZero(),
                "renewal_time must be positive", "such as 30m"));
        rebindingTime.ifPresent(t -> checks.key("rebinding_time").require(!t.isNegative() && !t.isZero(),
                "rebinding_time must be positive", "such as 52m30s"));
        // Only when both are positive: a time that is not is reported above, and comparing it would say so again.
        if (renewalTime.filter(Duration::isPositive).isPresent()
                && rebindingTime.filter(Duration::isPositive).isPresent()) {
            checks.key("rebinding_time").require(rebindingTime.get().compareTo(renewalTime.get()) > 0,
                    "rebinding_time must come after renewal_time (RFC 2131 §4.4.5: T1 < T2 < lease)",
                    "such as renewal_time: 30m, rebinding_time: 52m30s");
        }
        Set<Integer> codes = new HashSet<>();
        for (int i = 0; i < extra.size(); i++) {
            int code = extra.get(i).code();
            checks.key("extra").index(i).key("code").require(codes.add(code), "option " + code + " is given twice",
                    "each option once");
        }
    }

    /** The options the server takes from this record's other keys: {@code extra} may not name them. */
    static final List<Integer> NAMED_CODES = List.of(1, 3, 6, 15, 28, 42, 58, 59);

    private static void requireIpv4(Checks checks, InetAddress address) {
        checks.require(Ipv4Numbers.isIpv4(address), IpAddresses.format(address) + " is not IPv4", Ipv4Numbers.EXPECTED);
    }
}
