package io.edgeplane.gateway.dhcp;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What a DHCP client was given, as its script recorded it ({@link ScriptEvents}) when it bound or renewed.
 *
 * @param subnetMask the subnet mask option, dotted ({@code 255.255.255.0})
 * @param routers    the router option, in order
 * @param dnsServers the DNS server option, in order
 * @param hostname   the host name option the server sent back, if any
 */
record ClientLease(String reason, Inet4Address address, Optional<String> subnetMask, List<Inet4Address> routers,
        List<Inet4Address> dnsServers, Optional<String> domain, Optional<Duration> leaseTime,
        Optional<Inet4Address> serverId, Optional<String> hostname) {

    ClientLease {
        Objects.requireNonNull(address, "address");
        routers = List.copyOf(routers);
        dnsServers = List.copyOf(dnsServers);
    }

    /** The lease in {@code event}; fails if the event carries no address (a deconfig, say). */
    static ClientLease from(ScriptEvents.Event event) throws IOException {
        Inet4Address address = event.get("ip").map(ClientLease::address).orElseThrow(
                () -> new IOException("event " + event + " carries no address"));
        return new ClientLease(event.reason(), address, event.get("subnet"), addresses(event.get("router")),
                addresses(event.get("dns")), event.get("domain"),
                event.get("lease").map(seconds -> Duration.ofSeconds(Long.parseLong(seconds.trim()))),
                event.get("serverid").map(ClientLease::address), event.get("hostname"));
    }

    private static List<Inet4Address> addresses(Optional<String> spaceSeparated) {
        return spaceSeparated.stream().flatMap(list -> Stream.of(list.trim().split("\\s+")))
                .filter(s -> !s.isEmpty()).map(ClientLease::address).toList();
    }

    private static Inet4Address address(String literal) {
        return (Inet4Address) InetAddress.ofLiteral(literal.trim());
    }
}
