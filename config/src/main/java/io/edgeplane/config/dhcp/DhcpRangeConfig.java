package io.edgeplane.config.dhcp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.IpAddresses;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Addresses handed out dynamically, from {@code from} to {@code to} inclusive (dnsmasq's
 * {@code dhcp-range=from,to,netmask,lease}).
 *
 * @param from    the first address of the range
 * @param to      the last address, not below {@code from}
 * @param netmask the clients' subnet mask; absent = the interface's (dnsmasq derives it the same way)
 * @param lease   how long a lease lasts, 2m or more (dnsmasq's minimum); dnsmasq's default is 1h
 */
public record DhcpRangeConfig(InetAddress from, InetAddress to, Optional<InetAddress> netmask,
                              @Default("1h") Duration lease) implements Checked {

    /** dnsmasq refuses leases shorter than two minutes: clients would spend their time renewing. */
    public static final Duration MIN_LEASE = Duration.ofMinutes(2);
    /** 0xFFFFFFFF seconds means infinite on the wire; anything longer than this does not fit. */
    public static final Duration MAX_LEASE = Duration.ofSeconds(0xFFFF_FFFEL);
    /** The most addresses one range may hold: the server keeps one bit of state per address. */
    public static final long MAX_SIZE = 1L << 20;

    public DhcpRangeConfig {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(netmask, "netmask");
        Objects.requireNonNull(lease, "lease");
    }

    /** How many addresses the range holds (meaningful once the checks passed). */
    public long size() {
        return Ipv4Numbers.of(to) - Ipv4Numbers.of(from) + 1;
    }

    /** Whether {@code address} lies in the range. */
    public boolean contains(InetAddress address) {
        if (!Ipv4Numbers.isIpv4(address)) {
            return false;
        }
        long n = Ipv4Numbers.of(address);
        return n >= Ipv4Numbers.of(from) && n <= Ipv4Numbers.of(to);
    }

    @Override
    public void check(Checks checks) {
        boolean fromOk = checks.key("from").require(Ipv4Numbers.isIpv4(from),
                IpAddresses.format(from) + " is not IPv4: the DHCP server is DHCPv4", Ipv4Numbers.EXPECTED);
        boolean toOk = checks.key("to").require(Ipv4Numbers.isIpv4(to),
                IpAddresses.format(to) + " is not IPv4: the DHCP server is DHCPv4", Ipv4Numbers.EXPECTED);
        if (fromOk && toOk && checks.key("to").require(Ipv4Numbers.of(to) >= Ipv4Numbers.of(from),
                "the range ends at " + IpAddresses.format(to) + ", before it starts at " + IpAddresses.format(from),
                "to at or after from, such as from: 192.168.77.50, to: 192.168.77.150")) {
            checks.key("to").require(size() <= MAX_SIZE, "the range holds " + size() + " addresses, more than "
                    + MAX_SIZE, "a range of at most " + MAX_SIZE + " addresses (a /12)");
        }
        netmask.ifPresent(mask -> {
            if (checks.key("netmask").require(Ipv4Numbers.isIpv4(mask) && Ipv4Numbers.prefixLength(mask) > 0
                    && Ipv4Numbers.prefixLength(mask) < 31, IpAddresses.format(mask) + " is not a netmask of a subnet"
                    + " with room for clients", "such as 255.255.255.0") && fromOk && toOk) {
                long bits = Ipv4Numbers.of(mask);
                checks.key("netmask").require((Ipv4Numbers.of(from) & bits) == (Ipv4Numbers.of(to) & bits),
                        IpAddresses.format(from) + " and " + IpAddresses.format(to)
                                + " are not in one subnet of netmask " + IpAddresses.format(mask),
                        "a range inside one subnet");
            }
        });
        checks.key("lease").require(lease.compareTo(MIN_LEASE) >= 0 && lease.compareTo(MAX_LEASE) <= 0,
                "lease " + lease.toSeconds() + "s is outside 2m..136y", "such as 12h, dnsmasq's dhcp-range lease time");
    }
}
