package io.edgeplane.config.firewall;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.value.Cidr;
import java.util.List;

/**
 * A zone: a network the firewall's rules name, such as IT, OT or the cluster. A packet is from the zone when it
 * arrives on one of its interfaces or its source address lies in one of its blocks, and to the zone when it leaves
 * by one of its interfaces or its destination lies in one of its blocks (firewalld's zones by interface and by
 * source).
 *
 * @param interfaces interfaces of the zone; a trailing {@code *} matches every name with that prefix ({@code br-*}),
 *                   as iptables' {@code docker+}
 * @param cidrs      address blocks of the zone
 */
public record ZoneConfig(List<String> interfaces, List<Cidr> cidrs) implements Checked {

    static final String NAME_EXPECTED = "a letter then up to 31 lower-case letters, digits or _";

    public ZoneConfig {
        interfaces = List.copyOf(interfaces);
        cidrs = List.copyOf(cidrs);
    }

    /** Zone names become parts of nftables set names, so they stay short and plain. */
    public static boolean validName(String name) {
        return name.matches("[a-z][a-z0-9_]{0,31}");
    }

    @Override
    public void check(Checks checks) {
        checks.require(!interfaces.isEmpty() || !cidrs.isEmpty(), "the zone has no interfaces and no cidrs",
                "cidrs: [192.168.200.0/24], interfaces: [eth2], or both");
        for (int i = 0; i < interfaces.size(); i++) {
            checks.key("interfaces").index(i).require(InterfacePatterns.valid(interfaces.get(i)),
                    "'" + interfaces.get(i) + "' is not an interface name", InterfacePatterns.EXPECTED);
        }
    }
}
