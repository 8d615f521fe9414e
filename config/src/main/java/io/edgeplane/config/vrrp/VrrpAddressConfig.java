package io.edgeplane.config.vrrp;

import io.edgeplane.config.value.InterfaceNames;
import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.ScalarForm;
import io.edgeplane.config.value.InterfaceAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * One virtual IP of an instance (a line of keepalived's {@code virtual_ipaddress}): added to an interface
 * while the instance is MASTER, removed otherwise. Written alone, an address is a virtual IP on the instance's
 * interface: {@code virtual_ips: [138.197.55.84/24]}.
 *
 * @param address the address and its prefix length, as {@code ip address add} takes it; a bare address is /32
 *                or /128
 * @param dev     the interface it is added to; absent = the instance's {@code interface}
 * @param label   an IPv4 address label ({@code ip address add ... label eth0:vip}), at most 15 characters and
 *                starting with the interface's name; absent = none
 */
@ScalarForm("address")
public record VrrpAddressConfig(InterfaceAddress address, Optional<String> dev, Optional<String> label) implements Checked {

    public VrrpAddressConfig {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(label, "label");
    }

    /** The interface the address goes on: its own {@code dev}, else the instance's. */
    public String device(String instanceInterface) {
        return dev.orElse(instanceInterface);
    }

    @Override
    public void check(Checks checks) {
        var ip = address.address();
        checks.key("address").require(!ip.isAnyLocalAddress() && !ip.isMulticastAddress() && !ip.isLoopbackAddress(),
                address + " cannot be a virtual IP", "a unicast address of the network the interface is on, "
                        + "such as 192.0.2.10/24");
        dev.ifPresent(d -> checks.key("dev").require(InterfaceNames.valid(d), "'" + d + "' is not an interface name",
                InterfaceNames.EXPECTED));
        label.ifPresent(l -> {
            if (checks.key("label").require(!address.isIpv6(), "IPv6 addresses have no labels; label applies to IPv4 only",
                    "no label on " + address)) {
                checks.key("label").require(l.length() <= InterfaceNames.MAX_LENGTH && !l.isBlank()
                                && l.chars().noneMatch(Character::isWhitespace),
                        "label '" + l + "' is not 1 to " + InterfaceNames.MAX_LENGTH + " characters without spaces",
                        "the interface's name and a suffix, such as eth0:vip");
            }
        });
    }
}
