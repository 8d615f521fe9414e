package io.edgeplane.firewall.compile;

import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.dhcp.DhcpConfig;
import io.edgeplane.config.dhcp.DhcpRangeConfig;
import io.edgeplane.config.dns.DnsConfig;
import io.edgeplane.config.firewall.FirewallRuleConfig;
import io.edgeplane.config.firewall.FlowPeer;
import io.edgeplane.config.firewall.IpProtocol;
import io.edgeplane.config.firewall.PortRange;
import io.edgeplane.config.ntp.NtpConfig;
import io.edgeplane.config.proxy.ListenerConfig;
import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.config.value.IpAddresses;
import io.edgeplane.config.value.NameServer;
import io.edgeplane.config.value.TimeServer;
import io.edgeplane.config.vrrp.VrrpInstanceConfig;
import io.edgeplane.config.value.InvalidValueException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the rest of a config needs the firewall to let through, so that {@code auto_allow: true} never leaves a
 * listener silently unreachable, and opens nothing else: each listener only to the clients its own {@code allow} list
 * names. The output side is what the node's services send, for a config whose output chain denies by default.
 */
final class AutoAllow {

    private static final Optional<PortRange.Transport> TCP = Optional.of(PortRange.Transport.TCP);
    private static final Optional<PortRange.Transport> UDP = Optional.of(PortRange.Transport.UDP);
    private static final Optional<PortRange.Transport> TCP_AND_UDP = Optional.empty();

    private AutoAllow() {
    }

    /** What may reach the node: every listener, from the networks it serves. */
    static List<Opening> input(EdgeplaneConfig config) {
        List<Opening> openings = new ArrayList<>();
        config.admin().ifPresent(admin -> listen(openings, "admin listener", admin.listen(), TCP, blocks(admin.allow())));
        config.proxy().ifPresent(proxy -> {
            for (ListenerConfig listener : proxy.listeners()) {
                listener.listen().forEach(address -> listen(openings, "proxy listener " + listener.name(), address, TCP,
                        blocks(listener.allow())));
            }
        });
        config.dns().ifPresent(dns -> dnsClients(openings, dns, config.dhcp()));
        config.dhcp().ifPresent(dhcp -> openings.add(new Opening.Rule(rule(List.of(), List.of(),
                List.of(dhcp.interfaceName()), List.of(port(67, UDP)), Optional.empty()), "dhcp server on " + dhcp.interfaceName())));
        config.ntp().filter(ntp -> !ntp.allow().isEmpty()).ifPresent(ntp -> ntp.listen().forEach(address ->
                listen(openings, "ntp server", address, UDP, blocks(ntp.allow()))));
        config.vrrp().ifPresent(vrrp -> vrrp.instances().forEach(instance -> openings.add(
                new Opening.Rule(vrrpAdverts(instance, true), "vrrp instance " + instance.name()))));
        return openings;
    }

    /** What the node sends: DNS and NTP queries, connections to upstreams, VRRP adverts, DHCP replies. */
    static List<Opening> output(EdgeplaneConfig config) {
        List<Opening> openings = new ArrayList<>();
        boolean resolvesNames = false;
        if (config.dns().flatMap(DnsConfig::forward).isPresent()) {
            var forward = config.dns().get().forward().get();
            List<NameServer> servers = new ArrayList<>(forward.servers());
            forward.domains().values().forEach(servers::addAll);
            servers.forEach(server -> openings.add(new Opening.Rule(rule(List.of(), List.of(block(server.address())),
                    List.of(), List.of(port(server.port(), TCP_AND_UDP)), Optional.empty()), "dns forwarding to " + server)));
            resolvesNames = forward.resolvConf();
        }
        if (config.proxy().isPresent()) {
            boolean upstreamNames = false;
            for (var upstream : config.proxy().get().upstreams().entrySet()) {
                for (var server : upstream.getValue().servers()) {
                    upstreamNames |= !server.address().isIpLiteral();
                    openings.add(new Opening.Rule(rule(List.of(), literal(server.address().host()), List.of(),
                            List.of(port(server.address().port(), TCP)), Optional.empty()),
                            "proxy upstream " + upstream.getKey() + " " + server.address()));
                }
            }
            // The proxy asks its own resolver's servers, on their ports, when it has any; else the system's.
            List<HostPort> resolvers = config.proxy().get().resolver().servers();
            if (upstreamNames && !resolvers.isEmpty()) {
                resolvers.forEach(server -> openings.add(new Opening.Rule(rule(List.of(), List.of(block(ipOf(server.host()))),
                        List.of(), List.of(port(server.port(), TCP_AND_UDP)), Optional.empty()), "proxy resolver " + server)));
            } else {
                resolvesNames |= upstreamNames;
            }
        }
        if (config.ntp().isPresent()) {
            NtpConfig ntp = config.ntp().get();
            List<TimeServer> sources = new ArrayList<>(ntp.servers().stream().map(s -> s.address()).toList());
            ntp.pools().forEach(pool -> sources.add(pool.name()));
            for (TimeServer source : sources) {
                resolvesNames |= !IpAddresses.isLiteral(source.host());
                openings.add(new Opening.Rule(rule(List.of(), literal(source.host()), List.of(),
                        List.of(port(source.port(), UDP)), Optional.empty()), "ntp source " + source));
            }
        }
        if (resolvesNames) {
            // Names in the config are looked up through the system's resolver, wherever /etc/resolv.conf points.
            openings.add(new Opening.Rule(rule(List.of(), List.of(), List.of(), List.of(port(53, TCP_AND_UDP)),
                    Optional.empty()), "name lookups of upstreams and time sources"));
        }
        config.vrrp().ifPresent(vrrp -> vrrp.instances().forEach(instance -> openings.add(
                new Opening.Rule(vrrpAdverts(instance, false), "vrrp instance " + instance.name()))));
        config.dhcp().ifPresent(dhcp -> {
            String on = "oifname \"" + dhcp.interfaceName() + "\" ";
            openings.add(new Opening.Statement(on + "udp sport 67 accept", "dhcp server on " + dhcp.interfaceName()));
            if (dhcp.probe()) {
                openings.add(new Opening.Statement(on + "icmp type echo-request accept",
                        "dhcp address probes on " + dhcp.interfaceName()));
            }
        });
        return openings;
    }

    /**
     * DNS from the networks it answers: its {@code allow} list; without one, the DHCP server's clients (its interface
     * and relayed ranges) when there is a DHCP server; otherwise everyone, as the server itself answers everyone.
     */
    private static void dnsClients(List<Opening> openings, DnsConfig dns, Optional<DhcpConfig> dhcp) {
        for (HostPort address : dns.listen()) {
            if (!dns.allow().isEmpty() || dhcp.isEmpty()) {
                listen(openings, "dns server", address, TCP_AND_UDP, blocks(dns.allow()));
                continue;
            }
            DhcpConfig lan = dhcp.get();
            listen(openings, "dns server", address, TCP_AND_UDP, List.of(), List.of(lan.interfaceName()));
            List<FlowPeer> relayed = lan.ranges().stream().filter(r -> r.netmask().isPresent())
                    .map(AutoAllow::network).map(FlowPeer.Block::new).map(FlowPeer.class::cast).toList();
            if (!relayed.isEmpty()) {
                listen(openings, "dns server", address, TCP_AND_UDP, relayed);
            }
        }
    }

    private static void listen(List<Opening> openings, String purpose, HostPort address,
                               Optional<PortRange.Transport> transport, List<FlowPeer> from) {
        listen(openings, purpose, address, transport, from, List.of());
    }

    /** A listener on a loopback address needs nothing: loopback is always accepted. */
    private static void listen(List<Opening> openings, String purpose, HostPort address,
                               Optional<PortRange.Transport> transport, List<FlowPeer> from, List<String> interfaces) {
        InetAddress bound = ipOf(address.host());
        if (bound.isLoopbackAddress()) {
            return;
        }
        List<FlowPeer> to = bound.isAnyLocalAddress() ? List.of() : List.of(block(bound));
        openings.add(new Opening.Rule(rule(from, to, interfaces, List.of(port(address.port(), transport)), Optional.empty()),
                purpose + " " + address));
    }

    /**
     * A VRRP instance's adverts: with unicast peers, from (or to) them; otherwise to the VRRP multicast group of the
     * virtual IPs' family (224.0.0.18, ff02::12, RFC 5798 §5.1.1.2).
     */
    private static FirewallRuleConfig vrrpAdverts(VrrpInstanceConfig instance, boolean received) {
        boolean v6 = !instance.virtualIps().isEmpty()
                && Family.of(instance.virtualIps().getFirst().address().address()) == Family.V6;
        List<FlowPeer> peers = instance.unicastPeers().isEmpty()
                ? List.of(block(ipOf(v6 ? "ff02::12" : "224.0.0.18")))
                : instance.unicastPeers().stream().map(AutoAllow::block).toList();
        boolean multicast = instance.unicastPeers().isEmpty();
        List<FlowPeer> from = received && !multicast ? peers : List.of();
        List<FlowPeer> to = received ? (multicast ? peers : List.of()) : peers;
        return rule(from, to, List.of(instance.interfaceName()), List.of(), Optional.of(IpProtocol.VRRP));
    }

    private static FirewallRuleConfig rule(List<FlowPeer> from, List<FlowPeer> to, List<String> interfaces,
                                           List<PortRange> ports, Optional<IpProtocol> protocol) {
        return new FirewallRuleConfig(from, to, interfaces, ports, protocol, Optional.empty(), Optional.empty());
    }

    private static PortRange port(int port, Optional<PortRange.Transport> transport) {
        return new PortRange(port, port, transport);
    }

    private static List<FlowPeer> blocks(List<Cidr> cidrs) {
        return cidrs.stream().map(FlowPeer.Block::new).map(FlowPeer.class::cast).toList();
    }

    private static FlowPeer block(InetAddress address) {
        return new FlowPeer.Block(new Cidr(address, address.getAddress().length * 8));
    }

    /** A host given as an address names it; a name may resolve anywhere, so it names nothing. */
    private static List<FlowPeer> literal(String host) {
        return IpAddresses.isLiteral(host) ? List.of(block(ipOf(host))) : List.of();
    }

    private static Cidr network(DhcpRangeConfig range) {
        byte[] mask = range.netmask().orElseThrow().getAddress();
        int prefix = 0;
        for (byte b : mask) {
            prefix += Integer.bitCount(b & 0xff);
        }
        return new Cidr(range.from(), prefix);
    }

    private static InetAddress ipOf(String literal) {
        try {
            return IpAddresses.parse(literal);
        } catch (InvalidValueException e) {
            throw new IllegalArgumentException("a checked config binds addresses, not '" + literal + "'", e);
        }
    }
}
