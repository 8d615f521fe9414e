package io.edgeplane.firewall.compile;

import io.edgeplane.config.firewall.FirewallRuleConfig;
import io.edgeplane.config.firewall.IpProtocol;
import io.edgeplane.config.firewall.PortRange;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The protocol and port part of a rule: {@code tcp dport 22}, {@code tcp dport { 80, 443 }}, {@code meta l4proto
 * { tcp, udp } th dport 53} for a port ufw-style without a transport, {@code meta l4proto vrrp}.
 */
final class ProtocolSelectors {

    private ProtocolSelectors() {
    }

    static List<Selector> of(FirewallRuleConfig rule) {
        if (rule.ports().isEmpty()) {
            return rule.protocol().map(p -> List.of(protocol(p))).orElse(List.of(Selector.NONE));
        }
        // Ports sharing their transports share a rule; the order is the order they first appear.
        Map<Set<PortRange.Transport>, List<PortRange>> byTransports = new LinkedHashMap<>();
        for (PortRange port : rule.ports()) {
            byTransports.computeIfAbsent(rule.transports(port), t -> new ArrayList<>()).add(port);
        }
        List<Selector> selectors = new ArrayList<>();
        byTransports.forEach((transports, ports) -> selectors.add(ports(transports, ports)));
        return selectors;
    }

    private static Selector ports(Set<PortRange.Transport> transports, List<PortRange> ports) {
        String list = Addresses.oneOrSet(ports.stream().distinct()
                .sorted(Comparator.comparingInt(PortRange::first).thenComparingInt(PortRange::last))
                .map(PortRange::ports).toList());
        if (transports.size() == 1) {
            return new Selector(transports.iterator().next().keyword() + " dport " + list, Family.ANY);
        }
        String names = EnumSet.copyOf(transports).stream().map(PortRange.Transport::keyword)
                .collect(Collectors.joining(", ", "{ ", " }"));
        return new Selector("meta l4proto " + names + " th dport " + list, Family.ANY);
    }

    static Selector protocol(IpProtocol protocol) {
        Family family = protocol.equals(IpProtocol.ICMP) ? Family.V4
                : protocol.equals(IpProtocol.ICMPV6) ? Family.V6 : Family.ANY;
        // nft prints the IPv6 one as ipv6-icmp, /etc/protocols' name for 58
        String name = protocol.equals(IpProtocol.ICMPV6) ? "ipv6-icmp" : protocol.toString();
        return new Selector("meta l4proto " + name, family);
    }
}
