package io.edgeplane.config.dhcp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.bind.Key;
import io.edgeplane.config.value.Durations;
import io.edgeplane.config.value.InterfaceNames;
import io.edgeplane.config.value.IpAddresses;
import io.edgeplane.config.value.MacAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The DHCPv4 server: dnsmasq's DHCP side. It answers on one interface, whose IPv4 address is its server
 * identifier, hands out addresses from {@code ranges} and the fixed {@code reservations}, keeps every lease in
 * {@code lease_file} (each one on disk before the client hears of it) and puts the clients' names in DNS under
 * {@code options.domain}. Defaults are dnsmasq's.
 *
 * @param interfaceName     the interface the server listens and answers on ({@code interface=})
 * @param ranges            dynamic address ranges ({@code dhcp-range})
 * @param options           the options given to clients ({@code dhcp-option}, {@code domain})
 * @param reservations      fixed addresses by hardware address or client identifier ({@code dhcp-host})
 * @param leaseFile         the lease journal ({@code dhcp-leasefile})
 * @param authoritative     answer a request for an address this server does not know with a NAK, so a client moved
 *                          from another network gets a new lease at once ({@code dhcp-authoritative}); false =
 *                          ignore such requests, leaving them to the server that knows them, which is dnsmasq's
 *                          default without {@code dhcp-authoritative}
 * @param probe             ping an address before offering it, and skip it if something answers (dnsmasq does,
 *                          unless {@code no-ping})
 * @param probeTimeout      how long a probe waits for an answer
 * @param maxLeases         the most leases held at once ({@code dhcp-lease-max})
 * @param declineHold       how long an address a client declined (found in use) is not offered again
 * @param rateLimit         limits against request floods
 */
public record DhcpConfig(
        @Key("interface") String interfaceName,
        List<DhcpRangeConfig> ranges,
        DhcpOptionsConfig options,
        List<DhcpReservationConfig> reservations,
        @Default("/var/lib/edgeplane/dhcp.leases") String leaseFile,
        @Default("false") boolean authoritative,
        @Default("true") boolean probe,
        @Default("500ms") Duration probeTimeout,
        @Default("1000") int maxLeases,
        @Default("10m") Duration declineHold,
        DhcpRateLimitConfig rateLimit) implements Checked {

    public static final int MAX_MAX_LEASES = 1_000_000;

    public DhcpConfig {
        Objects.requireNonNull(interfaceName, "interfaceName");
        ranges = List.copyOf(ranges);
        Objects.requireNonNull(options, "options");
        reservations = List.copyOf(reservations);
        Objects.requireNonNull(leaseFile, "leaseFile");
        Objects.requireNonNull(probeTimeout, "probeTimeout");
        Objects.requireNonNull(declineHold, "declineHold");
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    @Override
    public void check(Checks checks) {
        checks.key("interface").require(InterfaceNames.valid(interfaceName),
                "'" + interfaceName + "' is not an interface name", InterfaceNames.EXPECTED);
        checks.require(!ranges.isEmpty() || !reservations.isEmpty(), "the dhcp section hands out no address: it has "
                + "no ranges and no reservations", "ranges: [{ from: 192.168.77.50, to: 192.168.77.150, lease: 12h }]");
        checks.key("lease_file").require(!leaseFile.isBlank(), "the path is empty",
                "such as /var/lib/edgeplane/dhcp.leases");
        checks.key("probe_timeout").require(probeTimeout.compareTo(Duration.ofMillis(10)) >= 0
                        && probeTimeout.compareTo(Duration.ofSeconds(5)) <= 0, "probe_timeout must be 10ms..5s",
                "500ms; a client retries its DISCOVER after about 4s");
        checks.key("max_leases").require(maxLeases >= 1 && maxLeases <= MAX_MAX_LEASES,
                "max_leases must be 1.." + MAX_MAX_LEASES, "1000, as dnsmasq's dhcp-lease-max");
        checks.key("decline_hold").require(!declineHold.isNegative(), "decline_hold must not be negative",
                "10m, as dnsmasq");
        checkRangesApart(checks);
        checkReservationsUnique(checks);
        checkRenewalAndRebindingWithinLeases(checks.key("options"));
    }

    /**
     * RFC 2131 §4.4.5: a client renews at T1, rebinds at T2 and loses its address when the lease ends, so T1 < T2 <
     * lease. The options give T1 and T2 for every lease while the leases differ by range and reservation, and a
     * lease without one of them gets half (T1) or seven eighths (T2) of itself: each given time must fit every
     * lease handed out, next to the other time's default. Out of order, a client lets its lease run out unrenewed.
     */
    private void checkRenewalAndRebindingWithinLeases(Checks checks) {
        Optional<Duration> renewal = options.renewalTime().filter(Duration::isPositive);
        Optional<Duration> rebinding = options.rebindingTime().filter(Duration::isPositive);
        if (renewal.isEmpty() && rebinding.isEmpty()) {
            return;
        }
        Map<String, Duration> leases = new LinkedHashMap<>();
        for (int i = 0; i < ranges.size(); i++) {
            leases.put("ranges[" + i + "]", ranges.get(i).lease());
        }
        for (int i = 0; i < reservations.size(); i++) {
            DhcpReservationConfig r = reservations.get(i);
            if (r.lease().isPresent()) {
                leases.put("reservations[" + i + "]", r.lease().get());
            } else if (Ipv4Numbers.isIpv4(r.address())
                    && ranges.stream().noneMatch(range -> range.contains(r.address()))) {
                leases.put("reservations[" + i + "]", Duration.ofHours(1));
            }
        }
        // A lease outside 2m..136y is reported where it is written; measured here it would only be reported again.
        leases.values().removeIf(lease -> lease.compareTo(DhcpRangeConfig.MIN_LEASE) < 0
                || lease.compareTo(DhcpRangeConfig.MAX_LEASE) > 0);
        for (Map.Entry<String, Duration> entry : leases.entrySet()) {
            Duration lease = entry.getValue();
            String of = " the " + Durations.format(lease) + " lease of " + entry.getKey();
            if (rebinding.isPresent() && rebinding.get().compareTo(lease) >= 0) {
                checks.key("rebinding_time").error("rebinding_time " + Durations.format(rebinding.get())
                        + " is not before the end of" + of + " (RFC 2131 §4.4.5: T1 < T2 < lease)",
                        "a rebinding_time shorter than every lease, such as 7/8 of the shortest");
                return;
            }
            if (renewal.isPresent() && rebinding.isEmpty() && renewal.get().compareTo(rebindingDefault(lease)) >= 0) {
                checks.key("renewal_time").error("renewal_time " + Durations.format(renewal.get())
                        + " is not before " + Durations.format(rebindingDefault(lease))
                        + ", the rebinding time (7/8) of" + of + " (RFC 2131 §4.4.5: T1 < T2 < lease)",
                        "a renewal_time below 7/8 of every lease, or a rebinding_time too");
                return;
            }
            if (rebinding.isPresent() && renewal.isEmpty() && rebinding.get().compareTo(lease.dividedBy(2)) <= 0) {
                checks.key("rebinding_time").error("rebinding_time " + Durations.format(rebinding.get())
                        + " is not after " + Durations.format(lease.dividedBy(2)) + ", the renewal time (half) of" + of
                        + " (RFC 2131 §4.4.5: T1 < T2 < lease)",
                        "a rebinding_time above half of every lease, or a renewal_time too");
                return;
            }
        }
    }

    private static Duration rebindingDefault(Duration lease) {
        return lease.multipliedBy(7).dividedBy(8);
    }

    private void checkRangesApart(Checks checks) {
        for (int i = 0; i < ranges.size(); i++) {
            for (int j = 0; j < i; j++) {
                DhcpRangeConfig a = ranges.get(i);
                DhcpRangeConfig b = ranges.get(j);
                if (Ipv4Numbers.isIpv4(a.from()) && Ipv4Numbers.isIpv4(a.to()) && Ipv4Numbers.isIpv4(b.from())
                        && Ipv4Numbers.isIpv4(b.to())) {
                    boolean apart = Ipv4Numbers.of(a.to()) < Ipv4Numbers.of(b.from())
                            || Ipv4Numbers.of(b.to()) < Ipv4Numbers.of(a.from());
                    checks.key("ranges").index(i).require(apart, "the range overlaps ranges[" + j + "]",
                            "ranges that share no address");
                }
            }
        }
    }

    private void checkReservationsUnique(Checks checks) {
        Map<MacAddress, Integer> macs = new HashMap<>();
        Map<String, Integer> clientIds = new HashMap<>();
        Map<InetAddress, Integer> addresses = new HashMap<>();
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < reservations.size(); i++) {
            DhcpReservationConfig r = reservations.get(i);
            Checks at = checks.key("reservations").index(i);
            final int index = i;
            r.mac().ifPresent(mac -> unique(at.key("mac"), macs.putIfAbsent(mac, index), "mac " + mac));
            r.clientId().ifPresent(id -> unique(at.key("client_id"),
                    clientIds.putIfAbsent(id.replace(":", "").toLowerCase(Locale.ROOT), index),
                    "client_id " + id));
            unique(at.key("address"), addresses.putIfAbsent(r.address(), index),
                    "address " + IpAddresses.format(r.address()));
            r.name().ifPresent(n -> unique(at.key("name"), names.putIfAbsent(n.toLowerCase(Locale.ROOT), index),
                    "name " + n));
        }
    }

    private static void unique(Checks checks, Integer earlier, String what) {
        checks.require(earlier == null, what + " is already in reservations[" + earlier + "]",
                "one reservation per client, address and name");
    }
}
