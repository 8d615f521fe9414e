package io.edgeplane.dhcp.exchange;

import io.edgeplane.config.dhcp.DhcpConfig;
import io.edgeplane.config.dhcp.DhcpExtraOptionConfig;
import io.edgeplane.config.dhcp.DhcpRangeConfig;
import io.edgeplane.config.dhcp.DhcpReservationConfig;
import io.edgeplane.dhcp.codec.DhcpOptions;
import io.edgeplane.dhcp.codec.HardwareAddress;
import io.edgeplane.dhcp.pool.AddressPool;
import io.edgeplane.dhcp.pool.ClientKey;
import io.edgeplane.dhcp.pool.Ipv4Ints;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code dhcp} section resolved against the interface it serves: ranges as numbers, reservations by hardware
 * address and client identifier, and the options every reply carries, encoded once. Built off the request path,
 * when the config loads.
 */
public final class DhcpSettings {

    /** How long an offered address is kept for the client that was offered it (dnsmasq holds offers a minute). */
    public static final Duration OFFER_HOLD = Duration.ofMinutes(1);
    /** How long an address found in use by a probe is not offered again. */
    public static final Duration CONFLICT_HOLD = Duration.ofMinutes(10);
    /** The lease of a reservation outside every range with no lease of its own, dnsmasq's default. */
    public static final Duration DEFAULT_LEASE = Duration.ofHours(1);

    private final DhcpConfig config;
    private final ServerIdentity identity;
    private final List<AddressPool.Range> ranges;
    /** Each range's clients' netmask, and the interface's: made once, as every OFFER and ACK carries one. */
    private final List<Inet4Address> rangeNetmasks;
    private final Inet4Address interfaceNetmask;
    private final Map<HardwareAddress, Reservation> byHardware = new HashMap<>();
    private final Map<ClientKey, Reservation> byClientId = new HashMap<>();
    private final Map<Inet4Address, Reservation> byAddress = new HashMap<>();
    private final Map<Integer, byte[]> sharedOptions;

    /**
     * @throws IllegalArgumentException naming the config key when a range or reservation is not in the
     *                                  interface's subnet, or a range holds the server's own address
     */
    public DhcpSettings(DhcpConfig config, ServerIdentity identity) {
        this.config = Objects.requireNonNull(config, "config");
        this.identity = Objects.requireNonNull(identity, "identity");
        List<AddressPool.Range> resolved = new ArrayList<>();
        List<Inet4Address> masks = new ArrayList<>();
        for (int i = 0; i < config.ranges().size(); i++) {
            DhcpRangeConfig range = config.ranges().get(i);
            if (identity.inSubnet((Inet4Address) range.from()) || range.netmask().isEmpty()) {
                requireInSubnet("dhcp.ranges[" + i + "].from", range.from());
                requireInSubnet("dhcp.ranges[" + i + "].to", range.to());
            }
            // Otherwise the range is a network behind a relay, known by its netmask, as in dnsmasq.
            resolved.add(new AddressPool.Range(Ipv4Ints.of(range.from()), Ipv4Ints.of(range.to()), range.lease()));
            long mask = range.netmask().map(Ipv4Ints::of).orElse(Ipv4Ints.mask(identity.prefixLength()));
            masks.add(Ipv4Ints.address(mask));
        }
        this.ranges = List.copyOf(resolved);
        this.rangeNetmasks = List.copyOf(masks);
        this.interfaceNetmask = identity.netmask();
        for (int i = 0; i < config.reservations().size(); i++) {
            DhcpReservationConfig r = config.reservations().get(i);
            if (rangeSubnetMask((Inet4Address) r.address()).isEmpty()) {
                requireInSubnet("dhcp.reservations[" + i + "].address", r.address());
            }
            Inet4Address address = (Inet4Address) r.address();
            if (address.equals(identity.address())) {
                throw new IllegalArgumentException("dhcp.reservations[" + i + "].address " + address.getHostAddress()
                        + " is the server's own address on " + config.interfaceName());
            }
            Reservation reservation = new Reservation(address, r.name(), r.lease().orElseGet(() -> rangeLease(address)));
            r.mac().ifPresent(mac -> byHardware.put(new HardwareAddress(mac.bytes()), reservation));
            r.clientIdBytes().ifPresent(id -> byClientId.put(ClientKey.ofClientId(id), reservation));
            byAddress.put(address, reservation);
        }
        this.sharedOptions = encodeSharedOptions();
    }

    public DhcpConfig config() {
        return config;
    }

    public ServerIdentity identity() {
        return identity;
    }

    public List<AddressPool.Range> ranges() {
        return ranges;
    }

    /** The reservation of a client: by its client identifier first, then by its hardware address (dnsmasq's order). */
    public Optional<Reservation> reservationOf(Optional<ClientKey> clientId, HardwareAddress hardwareAddress) {
        if (clientId.isPresent()) {
            Reservation byId = byClientId.get(clientId.get());
            if (byId != null) {
                return Optional.of(byId);
            }
        }
        return Optional.ofNullable(byHardware.get(hardwareAddress));
    }

    /** The reservation of an address, whoever holds it. */
    public Optional<Reservation> reservationAt(Inet4Address address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    public Map<Inet4Address, Reservation> reservations() {
        return Map.copyOf(byAddress);
    }

    /** The lease time for a dynamically leased address: its range's. */
    public Duration rangeLease(Inet4Address address) {
        long n = Ipv4Ints.of(address);
        for (AddressPool.Range range : ranges) {
            if (n >= range.first() && n <= range.last()) {
                return range.lease();
            }
        }
        return DEFAULT_LEASE;
    }

    /**
     * The subnet mask a client of this address is given: that of the first range whose network holds it (a range's
     * netmask, or the interface's when it has none), or the interface's.
     */
    public Inet4Address netmaskFor(Inet4Address address) {
        return rangeSubnetMask(address).orElse(interfaceNetmask);
    }

    /** Whether the address is on the interface's own network, where the router and broadcast defaults apply. */
    public boolean onInterfaceNetwork(Inet4Address address) {
        return identity.inSubnet(address);
    }

    /** The netmask of the first range whose network holds {@code address}; empty when no range's network does. */
    private Optional<Inet4Address> rangeSubnetMask(Inet4Address address) {
        long n = Ipv4Ints.of(address);
        for (int i = 0; i < ranges.size(); i++) {
            long mask = Ipv4Ints.of(rangeNetmasks.get(i));
            if ((ranges.get(i).first() & mask) == (n & mask)) {
                return Optional.of(rangeNetmasks.get(i));
            }
        }
        return Optional.empty();
    }

    /** The options every reply may carry, by code, except the subnet mask (per address) and the times. */
    public Map<Integer, byte[]> sharedOptions() {
        return sharedOptions;
    }

    private Map<Integer, byte[]> encodeSharedOptions() {
        var options = config.options();
        DhcpOptions.Builder b = DhcpOptions.builder();
        b.address(DhcpOptions.ROUTERS, (Inet4Address) options.router().orElse(identity.address()));
        b.addresses(DhcpOptions.DOMAIN_NAME_SERVERS, ipv4(options.dnsServers().isEmpty()
                ? List.of(identity.address()) : options.dnsServers()));
        options.domain().ifPresent(d -> b.string(DhcpOptions.DOMAIN_NAME, d));
        b.address(DhcpOptions.BROADCAST_ADDRESS, (Inet4Address) options.broadcast().orElse(identity.broadcast()));
        if (!options.ntpServers().isEmpty()) {
            b.addresses(DhcpOptions.NTP_SERVERS, ipv4(options.ntpServers()));
        }
        for (DhcpExtraOptionConfig extra : options.extra()) {
            b.put(extra.code(), extra.value());
        }
        DhcpOptions built = b.build();
        Map<Integer, byte[]> byCode = new LinkedHashMap<>();
        for (int code : built.codes()) {
            byCode.put(code, built.get(code).orElseThrow());
        }
        // In the order the options are listed, the same on every start (Map.copyOf would shuffle it per JVM).
        return Collections.unmodifiableMap(byCode);
    }

    private static List<Inet4Address> ipv4(List<? extends InetAddress> addresses) {
        return addresses.stream().map(a -> (Inet4Address) a).toList();
    }

    private void requireInSubnet(String key, InetAddress address) {
        if (!(address instanceof Inet4Address v4) || !identity.inSubnet(v4)) {
            throw new IllegalArgumentException(key + " " + address.getHostAddress() + " is not in the subnet of "
                    + config.interfaceName() + " (" + identity + "): the server hands out addresses of the network "
                    + "it is on");
        }
    }
}
