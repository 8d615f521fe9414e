package io.edgeplane.gateway.vrrp;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One node's VRRP instance, as small as the scenarios need, from which {@link KeepalivedNode} writes a
 * {@code vrrp_instance} and {@link EdgeplaneNode} a {@code vrrp.instances} entry. Every instance starts as BACKUP
 * (keepalived's {@code state BACKUP}, edgeplane has no other) on {@link Topology#INTERFACE}.
 *
 * @param name           the instance's name, {@code VI_1}
 * @param version        2 or 3
 * @param vrid           the virtual router id
 * @param priority       1..255
 * @param advertInterval version 2: whole seconds; version 3: steps of 10 ms
 * @param preempt        false is keepalived's {@code nopreempt}
 * @param authPass       VRRPv2 {@code auth_type PASS} password, at most 8 bytes; empty for none
 * @param vip            the one virtual IP with its prefix length, {@code 198.18.0.100/24}
 * @param unicastPeers   the other nodes' addresses for unicast adverts; empty for multicast
 * @param trackScript    a tracked check script, or none
 */
record VrrpInstanceSpec(String name, int version, int vrid, int priority, Duration advertInterval, boolean preempt,
        Optional<String> authPass, String vip, List<InetAddress> unicastPeers, Optional<TrackScript> trackScript) {

    /**
     * A check script that succeeds while {@code flag} exists ({@code /usr/bin/test -e FLAG}): the test fails it by
     * deleting the file, with no process of its own to kill.
     *
     * @param scriptName the script's name ({@code vrrp_script NAME}, {@code vrrp.scripts.NAME})
     * @param flag     the file whose existence is the check
     * @param weight   taken off the priority (negative) while the script fails
     * @param interval how often it runs
     */
    record TrackScript(String scriptName, Path flag, int weight, Duration interval) {

        TrackScript {
            Objects.requireNonNull(scriptName, "scriptName");
            Objects.requireNonNull(flag, "flag");
            Objects.requireNonNull(interval, "interval");
            if (!flag.isAbsolute() || flag.toString().contains(" ")) {
                throw new IllegalArgumentException("flag " + flag + ": expected an absolute path without spaces");
            }
        }

        /** The program and its arguments. */
        List<String> command() {
            return List.of("/usr/bin/test", "-e", flag.toString());
        }
    }

    VrrpInstanceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(advertInterval, "advertInterval");
        Objects.requireNonNull(authPass, "authPass");
        Objects.requireNonNull(vip, "vip");
        Objects.requireNonNull(trackScript, "trackScript");
        unicastPeers = List.copyOf(unicastPeers);
        if (version != 2 && version != 3) {
            throw new IllegalArgumentException("version " + version + ": expected 2 or 3");
        }
        if (priority < 1 || priority > 255) {
            throw new IllegalArgumentException("priority " + priority + ": expected 1..255");
        }
        if (version == 2 && (advertInterval.toMillis() % 1000 != 0 || advertInterval.isZero())) {
            throw new IllegalArgumentException("advertInterval " + advertInterval + ": version 2 needs whole seconds");
        }
        if (version == 3 && (advertInterval.toMillis() % 10 != 0 || advertInterval.isZero())) {
            throw new IllegalArgumentException("advertInterval " + advertInterval + ": version 3 needs 10 ms steps");
        }
        if (version == 3 && authPass.isPresent()) {
            throw new IllegalArgumentException("authPass: version 3 has no authentication");
        }
        Topology.address(vip);
    }

    /** VRRPv2 over IPv4: VRID 51, advert 1 s, preempt, password {@code ep-vrrp}, VIP {@link Topology#VIP4}. */
    static VrrpInstanceSpec v2(int priority) {
        return new VrrpInstanceSpec("VI_1", 2, 51, priority, Duration.ofSeconds(1), true, Optional.of("ep-vrrp"),
                Topology.VIP4, List.of(), Optional.empty());
    }

    /** VRRPv3 over IPv6: VRID 51, advert 100 ms, preempt, VIP {@link Topology#VIP6}. */
    static VrrpInstanceSpec v3(int priority) {
        return new VrrpInstanceSpec("VI_1", 3, 51, priority, Duration.ofMillis(100), true, Optional.empty(),
                Topology.VIP6, List.of(), Optional.empty());
    }

    /** VRRPv3 over IPv4: VRID 51, advert 100 ms, preempt, VIP {@link Topology#VIP4}. */
    static VrrpInstanceSpec v3Ipv4(int priority) {
        return new VrrpInstanceSpec("VI_1", 3, 51, priority, Duration.ofMillis(100), true, Optional.empty(),
                Topology.VIP4, List.of(), Optional.empty());
    }

    VrrpInstanceSpec withPriority(int newPriority) {
        return new VrrpInstanceSpec(name, version, vrid, newPriority, advertInterval, preempt, authPass, vip,
                unicastPeers, trackScript);
    }

    VrrpInstanceSpec withPreempt(boolean newPreempt) {
        return new VrrpInstanceSpec(name, version, vrid, priority, advertInterval, newPreempt, authPass, vip,
                unicastPeers, trackScript);
    }

    VrrpInstanceSpec withAuthPass(String pass) {
        return new VrrpInstanceSpec(name, version, vrid, priority, advertInterval, preempt, Optional.of(pass), vip,
                unicastPeers, trackScript);
    }

    VrrpInstanceSpec withUnicastPeers(List<InetAddress> peers) {
        return new VrrpInstanceSpec(name, version, vrid, priority, advertInterval, preempt, authPass, vip, peers,
                trackScript);
    }

    VrrpInstanceSpec withTrackScript(TrackScript script) {
        return new VrrpInstanceSpec(name, version, vrid, priority, advertInterval, preempt, authPass, vip,
                unicastPeers, Optional.of(script));
    }

    /** The VIP without its prefix length. */
    InetAddress vipAddress() {
        return Topology.address(vip);
    }

    boolean ipv6() {
        return vip.contains(":");
    }

    /**
     * The skew time: {@code (256 - priority) / 256} of a second in version 2 (RFC 3768 §6.1), of the advert
     * interval in version 3 (RFC 5798 §6.1); keepalived 2.2.7 computes it the same way.
     */
    Duration skew() {
        long base = version == 2 ? 1_000_000L : advertInterval.toNanos() / 1000;
        return Duration.ofNanos(base * (256 - priority) / 256 * 1000);
    }

    /** Three advert intervals plus the skew time: how long a backup waits for a silent master. */
    Duration masterDownInterval() {
        return advertInterval.multipliedBy(3).plus(skew());
    }

    /** For the summary lines: {@code v3/IPv6 advert 100ms}. */
    String label() {
        return "v" + version + "/" + (ipv6() ? "IPv6" : "IPv4") + " advert " + advertInterval.toMillis() + "ms";
    }
}
