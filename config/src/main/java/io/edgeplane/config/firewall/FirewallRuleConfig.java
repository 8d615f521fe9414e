package io.edgeplane.config.firewall;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Key;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One rule of a chain's {@code allow} or {@code deny} list: the packets it matches. Every key given must match, and
 * a key that lists several values matches any of them; a key left out matches everything. ufw's
 * {@code allow from 10.0.0.0/8 to any port 8404 proto tcp} is {@code {from: [10.0.0.0/8], port: 8404/tcp}}.
 *
 * @param from       where the packet comes from: zones or address blocks
 * @param to         where it goes: zones or address blocks (for the input chain, the node's own addresses, such as
 *                   a VRRP multicast group or a virtual IP)
 * @param interfaces the interface it arrives on (input, forward) or leaves by (output); {@code br-*} matches a prefix
 * @param ports      destination ports; a port without {@code /tcp} or {@code /udp} means both, as in ufw
 * @param protocol   the IP protocol ({@code vrrp}, {@code icmp}, {@code tcp}...); with ports, their transport
 * @param rate       accept at most this rate, deny the rest (allow rules only)
 * @param comment    a note kept on the rule in the kernel, shown by {@code nft list} (ufw's {@code comment})
 */
public record FirewallRuleConfig(
        List<FlowPeer> from,
        List<FlowPeer> to,
        @Key("interface") List<String> interfaces,
        @Key("port") List<PortRange> ports,
        Optional<IpProtocol> protocol,
        Optional<RateConfig> rate,
        Optional<String> comment) implements Checked {

    /** nftables keeps a rule comment in 128 bytes with its terminating NUL. */
    public static final int MAX_COMMENT = 120;

    public FirewallRuleConfig {
        from = List.copyOf(from);
        to = List.copyOf(to);
        interfaces = List.copyOf(interfaces);
        ports = List.copyOf(ports);
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(comment, "comment");
    }

    /** Whether the rule names nothing at all, and so would match every packet. */
    public boolean matchesEverything() {
        return from.isEmpty() && to.isEmpty() && interfaces.isEmpty() && ports.isEmpty() && protocol.isEmpty();
    }

    /**
     * The transports of the ports: each port's own, else the protocol's, else TCP and UDP. Empty when the rule has no
     * ports.
     */
    public Set<PortRange.Transport> transports(PortRange port) {
        if (port.transport().isPresent()) {
            return EnumSet.of(port.transport().get());
        }
        if (protocol.isPresent()) {
            return switch (protocol.get().number()) {
                case 6 -> EnumSet.of(PortRange.Transport.TCP);
                case 17 -> EnumSet.of(PortRange.Transport.UDP);
                case 132 -> EnumSet.of(PortRange.Transport.SCTP);
                default -> EnumSet.noneOf(PortRange.Transport.class);
            };
        }
        return EnumSet.of(PortRange.Transport.TCP, PortRange.Transport.UDP);
    }

    @Override
    public void check(Checks checks) {
        for (int i = 0; i < interfaces.size(); i++) {
            checks.key("interface").index(i).require(InterfacePatterns.valid(interfaces.get(i)),
                    "'" + interfaces.get(i) + "' is not an interface name", InterfacePatterns.EXPECTED);
        }
        if (!ports.isEmpty() && protocol.isPresent()) {
            IpProtocol p = protocol.get();
            if (checks.key("protocol").require(p.hasPorts(), "protocol " + p + " has no ports",
                    "tcp, udp or sctp with port, or no port with " + p)) {
                for (int i = 0; i < ports.size(); i++) {
                    Optional<PortRange.Transport> own = ports.get(i).transport();
                    checks.key("port").index(i).require(own.isEmpty() || own.get().keyword().equals(p.toString()),
                            "port " + ports.get(i) + " contradicts protocol " + p, "the port alone, such as "
                                    + ports.get(i).ports() + ", with protocol " + p);
                }
            }
        }
        comment.ifPresent(c -> checks.key("comment").require(c.length() <= MAX_COMMENT
                        && c.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f && ch != '"' && ch != '\\'),
                "the comment must be at most " + MAX_COMMENT + " printable ASCII characters without \" or \\",
                "such as SSH access"));
    }
}
