package io.edgeplane.config.vrrp;

import io.edgeplane.config.value.InterfaceNames;
import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.bind.Key;
import io.edgeplane.config.value.Durations;
import io.edgeplane.config.value.InterfaceAddress;
import io.edgeplane.config.value.IpAddresses;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One virtual router (keepalived's {@code vrrp_instance}): the routers of a network that share a
 * {@code virtual_router_id} elect a MASTER by priority, and the MASTER holds the virtual IPs. Every instance
 * starts as BACKUP, as with keepalived's {@code state BACKUP}; one with priority 255 (the address owner) takes
 * over at once. Defaults are keepalived 2.2.7's.
 *
 * @param name            how logs, metrics and notify programs name it (keepalived's instance name)
 * @param interfaceName   the interface adverts are sent and received on, and the virtual IPs go on unless they
 *                        name another ({@code interface:})
 * @param virtualRouterId 1..255, the same on every router of the instance; unique per interface and address family
 * @param priority        1..255, the highest wins; 255 is the address owner, for a node whose own addresses are
 *                        the virtual IPs (RFC 5798)
 * @param version         the VRRP version, 2 (RFC 3768, IPv4 only) or 3 (RFC 5798, IPv4 or IPv6)
 * @param advertInterval  how often the MASTER advertises: whole seconds 1s..255s with version 2, 10ms..40.95s in
 *                        steps of 10ms with version 3 ({@code advert_int})
 * @param preempt         whether a router of higher priority takes over from a running MASTER; false is
 *                        keepalived's {@code nopreempt}
 * @param preemptDelay    how long a router that may preempt waits first, after start or on seeing a lower-priority
 *                        MASTER, 0s..1000s ({@code preempt_delay})
 * @param accept          whether a MASTER that is not the address owner accepts packets addressed to the virtual
 *                        IPs (RFC 5798's Accept_Mode; keepalived's {@code accept}/{@code no_accept}, and as in
 *                        keepalived it applies to version 2 as well)
 * @param auth            VRRPv2 simple password; absent = none
 * @param virtualIps      the virtual IPs, all of one address family (keepalived's {@code virtual_ipaddress})
 * @param unicastSource   the source address of unicast adverts (keepalived's {@code unicast_src_ip}); absent =
 *                        the interface's primary address of the instance's family
 * @param unicastPeers    send adverts to these addresses instead of the VRRP multicast group, and accept adverts
 *                        only from them (keepalived's {@code unicast_peer} with {@code check_unicast_src});
 *                        empty = multicast
 * @param track           what moves the priority or puts the instance in FAULT; the instance's own interface is
 *                        always tracked (FAULT while its link is down)
 * @param notifyPrograms  programs run on this instance's state changes
 * @param garp            gratuitous ARP / unsolicited neighbour advertisement timing
 */
public record VrrpInstanceConfig(
        String name,
        @Key("interface") String interfaceName,
        int virtualRouterId,
        @Default("100") int priority,
        @Default("2") int version,
        @Default("1s") Duration advertInterval,
        @Default("true") boolean preempt,
        @Default("0s") Duration preemptDelay,
        @Default("true") boolean accept,
        Optional<VrrpAuthConfig> auth,
        List<VrrpAddressConfig> virtualIps,
        Optional<InetAddress> unicastSource,
        List<InetAddress> unicastPeers,
        List<VrrpTrackConfig> track,
        @Key("notify") VrrpNotifyConfig notifyPrograms,
        VrrpGarpConfig garp) implements Checked {

    /** The priority of the address owner (RFC 5798 5.2.4). */
    public static final int OWNER_PRIORITY = 255;
    /** keepalived's upper bound of {@code preempt_delay}. */
    public static final Duration MAX_PREEMPT_DELAY = Duration.ofSeconds(1000);
    /** VRRPv2's advert interval is a whole number of seconds in 8 bits; v3's, centiseconds in 12 bits. */
    static final Duration MAX_V2_ADVERT = Duration.ofSeconds(255);
    static final Duration MAX_V3_ADVERT = Duration.ofMillis(40_950);
    static final Duration V3_STEP = Duration.ofMillis(10);

    public VrrpInstanceConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(advertInterval, "advertInterval");
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        Objects.requireNonNull(auth, "auth");
        virtualIps = List.copyOf(virtualIps);
        Objects.requireNonNull(unicastSource, "unicastSource");
        unicastPeers = List.copyOf(unicastPeers);
        track = List.copyOf(track);
        Objects.requireNonNull(notifyPrograms, "notifyPrograms");
        Objects.requireNonNull(garp, "garp");
    }

    /** Whether the instance is IPv6: its virtual IPs are (the check keeps them all of one family). */
    public boolean ipv6() {
        return !virtualIps.isEmpty() && virtualIps.getFirst().address().isIpv6();
    }

    /** Whether adverts go to {@code unicast_peers} rather than the multicast group. */
    public boolean unicast() {
        return !unicastPeers.isEmpty();
    }

    /** Whether this router is the address owner, which always wins and whose priority never changes. */
    public boolean addressOwner() {
        return priority == OWNER_PRIORITY;
    }

    @Override
    public void check(Checks checks) {
        checks.key("name").require(VrrpConfig.validName(name), "'" + name + "' is not an instance name", VrrpConfig.NAME_EXPECTED);
        checks.key("interface").require(InterfaceNames.valid(interfaceName), "'" + interfaceName + "' is not an interface name",
                InterfaceNames.EXPECTED);
        checks.key("virtual_router_id").require(virtualRouterId >= 1 && virtualRouterId <= 255,
                "virtual_router_id must be 1..255", "the same number on every router of this instance, such as 51");
        checks.key("priority").require(priority >= 1 && priority <= OWNER_PRIORITY, "priority must be 1..255",
                "such as 100 on the preferred router and 90, 80 on the others; 255 only for the address owner");
        if (checks.key("version").require(version == 2 || version == 3, "version must be 2 or 3",
                "2 (RFC 3768, IPv4) or 3 (RFC 5798, IPv4 and IPv6)")) {
            checkAdvertInterval(checks.key("advert_interval"));
        }
        checkPreemption(checks);
        auth.ifPresent(a -> checks.key("auth").require(version != 3, "VRRPv3 has no authentication (RFC 5798 removed it)",
                "no auth with version 3, or version: 2"));
        checkVirtualIps(checks);
        checkUnicast(checks);
        checkTrack(checks);
    }

    private void checkAdvertInterval(Checks at) {
        String interval = Durations.format(advertInterval);
        if (version == 2) {
            at.require(advertInterval.toNanos() % 1_000_000_000L == 0
                            && advertInterval.compareTo(Duration.ofSeconds(1)) >= 0 && advertInterval.compareTo(MAX_V2_ADVERT) <= 0,
                    "a VRRPv2 advert interval is whole seconds, 1s..255s, not " + interval,
                    "such as 1s; or version: 3 for intervals below a second");
        } else {
            at.require(advertInterval.toNanos() % V3_STEP.toNanos() == 0
                            && advertInterval.compareTo(V3_STEP) >= 0 && advertInterval.compareTo(MAX_V3_ADVERT) <= 0,
                    "a VRRPv3 advert interval is 10ms..40s950ms in steps of 10ms, not " + interval, "such as 1s or 100ms");
        }
    }

    private void checkPreemption(Checks checks) {
        checks.key("preempt").require(preempt || priority != OWNER_PRIORITY,
                "the address owner (priority 255) always takes over: preempt: false cannot hold it back "
                        + "(keepalived resets nopreempt there)", "preempt: true, or a priority below 255");
        if (checks.key("preempt_delay").require(!preemptDelay.isNegative() && preemptDelay.compareTo(MAX_PREEMPT_DELAY) <= 0,
                "preempt_delay must be 0s..1000s, not " + Durations.format(preemptDelay), "such as 0s or 30s")) {
            checks.key("preempt_delay").require(preempt || preemptDelay.isZero(),
                    "preempt_delay delays preempting, which preempt: false turns off (keepalived resets it there)",
                    "preempt: true with the delay, or no preempt_delay");
        }
    }

    private void checkVirtualIps(Checks checks) {
        if (!checks.key("virtual_ips").require(!virtualIps.isEmpty(), "an instance needs at least one virtual IP",
                "virtual_ips: [192.0.2.10/24]")) {
            return;
        }
        InterfaceAddress first = virtualIps.getFirst().address();
        if (first.isIpv6()) {
            checks.key("version").require(version != 2, "IPv6 virtual IPs need VRRP version 3: version 2 (RFC 3768) "
                    + "carries IPv4 only", "version: 3");
        }
        Set<InetAddress> seen = new HashSet<>();
        for (int i = 0; i < virtualIps.size(); i++) {
            VrrpAddressConfig vip = virtualIps.get(i);
            Checks at = checks.key("virtual_ips").index(i);
            if (i > 0 && vip.address().isIpv6() != first.isIpv6()) {
                at.error(vip.address() + " is " + family(vip.address().address()) + " but the instance's first virtual IP, "
                                + first + ", is " + family(first.address()) + ": an instance's adverts carry one family",
                        "the other family's addresses in an instance of their own, as keepalived requires");
                continue;
            }
            at.require(seen.add(vip.address().address()), IpAddresses.format(vip.address().address()) + " is listed twice",
                    "each virtual IP once");
            // IPv6 addresses have no label at all, which the address's own check says.
            if (vip.label().isPresent() && !vip.address().isIpv6()) {
                String device = vip.device(interfaceName);
                at.key("label").require(vip.label().get().startsWith(device),
                        "label '" + vip.label().get() + "' does not start with the name of its interface, " + device,
                        device + ":vip, as ip address add requires");
            }
        }
    }

    private void checkUnicast(Checks checks) {
        if (virtualIps.isEmpty()) {
            return;
        }
        boolean v6 = ipv6();
        unicastSource.ifPresent(source -> {
            Checks at = checks.key("unicast_source");
            if (at.require(source instanceof Inet6Address == v6, IpAddresses.format(source) + " is " + family(source)
                    + " but the instance is " + (v6 ? "IPv6" : "IPv4"), "an address of the family of the virtual IPs")) {
                at.require(unicast(), "unicast_source is the source of unicast adverts, and without unicast_peers "
                        + "adverts are multicast", "unicast_peers: [the other routers' addresses], or no unicast_source");
            }
        });
        Set<InetAddress> peers = new HashSet<>();
        for (int i = 0; i < unicastPeers.size(); i++) {
            InetAddress peer = unicastPeers.get(i);
            Checks at = checks.key("unicast_peers").index(i);
            if (!at.require(peer instanceof Inet6Address == v6, IpAddresses.format(peer) + " is " + family(peer)
                    + " but the instance is " + (v6 ? "IPv6" : "IPv4"), "the other routers' addresses of the family of the virtual IPs")) {
                continue;
            }
            if (!at.require(!peer.isAnyLocalAddress() && !peer.isMulticastAddress() && !peer.isLoopbackAddress(),
                    IpAddresses.format(peer) + " is not a router's unicast address", "the other routers' addresses")) {
                continue;
            }
            if (at.require(peers.add(peer), IpAddresses.format(peer) + " is listed twice", "each peer once")) {
                at.require(unicastSource.map(source -> !source.equals(peer)).orElse(true),
                        IpAddresses.format(peer) + " is this router's own unicast_source", "the other routers' addresses");
            }
        }
    }

    private void checkTrack(Checks checks) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < track.size(); i++) {
            VrrpTrackConfig tracker = track.get(i);
            if (!tracker.wellFormed()) {
                continue;
            }
            Checks at = checks.key("track").index(i);
            String what = tracker.kind().key() + " " + tracker.target();
            Integer earlier = seen.putIfAbsent(tracker.kind().key() + ":" + tracker.target(), i);
            at.key(tracker.kind().key()).require(earlier == null, what + " is tracked twice, as track[" + earlier + "] already",
                    "each thing tracked once");
            if (tracker.kind() == VrrpTrackConfig.Kind.INTERFACE) {
                at.key("interface").require(!tracker.target().equals(interfaceName),
                        "the instance's own interface " + interfaceName + " is always tracked: the instance is in FAULT "
                                + "while its link is down", "another interface, or no tracker for " + interfaceName);
            }
        }
    }

    private static String family(InetAddress address) {
        return address instanceof Inet6Address ? "IPv6" : "IPv4";
    }
}
