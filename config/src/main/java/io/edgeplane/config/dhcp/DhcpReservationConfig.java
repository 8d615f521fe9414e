package io.edgeplane.config.dhcp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.value.IpAddresses;
import io.edgeplane.config.value.MacAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A fixed address for one client (dnsmasq's {@code dhcp-host=MAC,IP,name}), found by its hardware address or its
 * client identifier. Its name is always in DNS under the domain, leased or not, as dnsmasq does.
 *
 * @param mac      the client's Ethernet address
 * @param clientId the client identifier (option 61) as hex pairs, such as {@code 01:52:54:00:12:34:56}; when both
 *                 are given, either one finds the reservation
 * @param address  the client's address; inside the interface's subnet, may be inside or outside a range
 * @param name     the client's host name, one DNS label, which overrides the name the client sends
 * @param lease    the lease time; absent = that of the range the address is in, or 1h
 */
public record DhcpReservationConfig(Optional<MacAddress> mac, Optional<String> clientId, InetAddress address,
                                    Optional<String> name, Optional<Duration> lease) implements Checked {

    public DhcpReservationConfig {
        Objects.requireNonNull(mac, "mac");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(lease, "lease");
    }

    /** The client identifier's bytes, if one is given (meaningful once the checks passed). */
    public Optional<byte[]> clientIdBytes() {
        return clientId.map(HexBytes::parse);
    }

    @Override
    public void check(Checks checks) {
        checks.require(mac.isPresent() || clientId.isPresent(), "a reservation needs the client's mac or client_id",
                "such as mac: \"52:54:00:12:34:56\"");
        clientId.ifPresent(id -> {
            int length = HexBytes.length(id);
            boolean hex = length >= 2 && length <= 255;
            checks.key("client_id").require(hex, "'" + id + "' is not a client identifier",
                    "2 to 255 hex pairs, such as 01:52:54:00:12:34:56 (type 1, then the MAC)");
        });
        checks.key("address").require(Ipv4Numbers.isIpv4(address), IpAddresses.format(address) + " is not IPv4",
                Ipv4Numbers.EXPECTED);
        name.ifPresent(n -> checks.key("name").require(HostLabels.valid(n), "'" + n + "' is not a host name",
                HostLabels.EXPECTED));
        lease.ifPresent(l -> checks.key("lease").require(l.compareTo(DhcpRangeConfig.MIN_LEASE) >= 0
                        && l.compareTo(DhcpRangeConfig.MAX_LEASE) <= 0, "lease " + l.toSeconds() + "s is outside 2m..136y",
                "such as 12h"));
    }
}
