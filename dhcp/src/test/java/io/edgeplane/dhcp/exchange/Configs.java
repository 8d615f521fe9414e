package io.edgeplane.dhcp.exchange;

import io.edgeplane.config.dhcp.DhcpConfig;
import io.edgeplane.config.dhcp.DhcpExtraOptionConfig;
import io.edgeplane.config.dhcp.DhcpOptionsConfig;
import io.edgeplane.config.dhcp.DhcpRangeConfig;
import io.edgeplane.config.dhcp.DhcpRateLimitConfig;
import io.edgeplane.config.dhcp.DhcpReservationConfig;
import io.edgeplane.config.value.MacAddress;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code dhcp} section as records, built the way the config loader would: the server is 198.18.0.1/24 on
 * eth0, the range 198.18.0.100-199 with 1h leases, the domain {@code lan}, dnsmasq's other defaults, probing off
 * unless a test turns it on.
 */
final class Configs {

    static final Inet4Address SERVER = ip("198.18.0.1");
    static final ServerIdentity IDENTITY = new ServerIdentity(SERVER, 24);
    static final Inet4Address RANGE_FROM = ip("198.18.0.100");
    static final Inet4Address RANGE_TO = ip("198.18.0.199");
    static final Duration RANGE_LEASE = Duration.ofHours(1);

    private Configs() {
    }

    static Builder builder() {
        return new Builder();
    }

    static DhcpConfig standard() {
        return builder().build();
    }

    static Inet4Address ip(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new AssertionError(text, e);
        }
    }

    static DhcpRangeConfig range(String from, String to, Duration lease) {
        return new DhcpRangeConfig(ip(from), ip(to), Optional.empty(), lease);
    }

    static DhcpReservationConfig byMac(String mac, String address, String name, Duration lease) {
        return new DhcpReservationConfig(Optional.of(new MacAddress(mac)), Optional.empty(), ip(address),
                Optional.ofNullable(name), Optional.ofNullable(lease));
    }

    static DhcpReservationConfig byClientId(String clientId, String address, String name, Duration lease) {
        return new DhcpReservationConfig(Optional.empty(), Optional.of(clientId), ip(address),
                Optional.ofNullable(name), Optional.ofNullable(lease));
    }

    static DhcpExtraOptionConfig textOption(int code, String text) {
        return new DhcpExtraOptionConfig(code, Optional.of(text), Optional.empty(), List.of(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    static final class Builder {
        List<DhcpRangeConfig> ranges = new ArrayList<>(List.of(range("198.18.0.100", "198.18.0.199", RANGE_LEASE)));
        List<DhcpReservationConfig> reservations = new ArrayList<>();
        Optional<InetAddress> router = Optional.empty();
        List<InetAddress> dnsServers = List.of();
        Optional<String> domain = Optional.of("lan");
        List<InetAddress> ntpServers = List.of();
        Optional<Duration> renewalTime = Optional.empty();
        Optional<Duration> rebindingTime = Optional.empty();
        List<DhcpExtraOptionConfig> extra = new ArrayList<>();
        boolean authoritative = true;
        boolean probe;
        int maxLeases = 1000;
        Duration declineHold = Duration.ofMinutes(10);

        Builder ranges(DhcpRangeConfig... values) {
            ranges = new ArrayList<>(List.of(values));
            return this;
        }

        Builder reservation(DhcpReservationConfig reservation) {
            reservations.add(reservation);
            return this;
        }

        Builder domain(String value) {
            domain = Optional.ofNullable(value);
            return this;
        }

        Builder router(String address) {
            router = Optional.of(ip(address));
            return this;
        }

        Builder dnsServers(String... addresses) {
            dnsServers = List.of(addresses).stream().map(a -> (InetAddress) ip(a)).toList();
            return this;
        }

        Builder ntpServers(String... addresses) {
            ntpServers = List.of(addresses).stream().map(a -> (InetAddress) ip(a)).toList();
            return this;
        }

        Builder renewalTime(Duration value) {
            renewalTime = Optional.ofNullable(value);
            return this;
        }

        Builder rebindingTime(Duration value) {
            rebindingTime = Optional.ofNullable(value);
            return this;
        }

        Builder extra(DhcpExtraOptionConfig option) {
            extra.add(option);
            return this;
        }

        Builder authoritative(boolean value) {
            authoritative = value;
            return this;
        }

        Builder probe(boolean value) {
            probe = value;
            return this;
        }

        Builder maxLeases(int value) {
            maxLeases = value;
            return this;
        }

        Builder declineHold(Duration value) {
            declineHold = value;
            return this;
        }

        DhcpConfig build() {
            DhcpOptionsConfig options = new DhcpOptionsConfig(router, dnsServers, domain, ntpServers, Optional.empty(),
                    renewalTime, rebindingTime, extra);
            return new DhcpConfig("eth0", ranges, options, reservations, "/var/lib/edgeplane/dhcp.leases",
                    authoritative, probe, Duration.ofMillis(500), maxLeases, declineHold,
                    new DhcpRateLimitConfig(4, 16, 20_000, 65_536));
        }
    }
}
