package io.edgeplane.gateway.dhcp;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the DHCP server under test is to serve on a {@link DhcpTopology}, written once and rendered into each
 * implementation's own config ({@link DnsmasqDhcpServer} today): a dynamic range, the lease time, the domain its
 * DNS answers lease names in, and fixed addresses for given MACs. The router and the DNS server handed out are the
 * server's own address ({@link DhcpTopology#SERVER_ADDRESS}), the subnet is {@link DhcpTopology#SUBNET}.
 */
record DhcpServerSpec(Inet4Address rangeFrom, Inet4Address rangeTo, Duration leaseTime, String domain,
        List<Reservation> reservations) {

    /** A fixed address (and DNS name) for the client with {@code mac}. */
    record Reservation(String mac, Inet4Address address, String hostname) {

        Reservation {
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(hostname, "hostname");
            if (!mac.matches("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}")) {
                throw new IllegalArgumentException("mac '" + mac + "': expected six colon-separated hex bytes");
            }
            mac = mac.toLowerCase(Locale.ROOT);
        }
    }

    DhcpServerSpec {
        Objects.requireNonNull(rangeFrom, "rangeFrom");
        Objects.requireNonNull(rangeTo, "rangeTo");
        Objects.requireNonNull(leaseTime, "leaseTime");
        Objects.requireNonNull(domain, "domain");
        reservations = List.copyOf(reservations);
        if (Integer.compareUnsigned(toInt(rangeFrom), toInt(rangeTo)) > 0) {
            throw new IllegalArgumentException("range " + rangeFrom.getHostAddress() + " - "
                    + rangeTo.getHostAddress() + ": expected from <= to");
        }
        if (leaseTime.toSeconds() < 120) {
            throw new IllegalArgumentException("leaseTime " + leaseTime + ": expected 2 minutes or more "
                    + "(dnsmasq's minimum)");
        }
    }

    /** 198.18.67.100 - 198.18.67.199, leases of one hour, domain {@code dhcp.test}, no reservations. */
    static DhcpServerSpec standard() {
        return new DhcpServerSpec(address("198.18.67.100"), address("198.18.67.199"), Duration.ofHours(1),
                "dhcp.test", List.of());
    }

    /** This spec with {@code reservation} added. */
    DhcpServerSpec withReservation(Reservation reservation) {
        List<Reservation> more = new ArrayList<>(reservations);
        more.add(reservation);
        return new DhcpServerSpec(rangeFrom, rangeTo, leaseTime, domain, more);
    }

    /** Whether {@code address} lies in the dynamic range. */
    boolean inRange(Inet4Address address) {
        int a = toInt(address);
        return Integer.compareUnsigned(a, toInt(rangeFrom)) >= 0 && Integer.compareUnsigned(a, toInt(rangeTo)) <= 0;
    }

    static Inet4Address address(String literal) {
        return (Inet4Address) InetAddress.ofLiteral(literal);
    }

    private static int toInt(Inet4Address address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
    }
}
