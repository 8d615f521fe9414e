package io.edgeplane.vrrp.state;

import io.edgeplane.vrrp.codec.Authentication;
import io.edgeplane.vrrp.codec.VrrpAdvertisement;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one VRRP instance is configured with, in keepalived's terms; the service maps the config module's records
 * to it. Combinations keepalived quietly repairs with a warning are refused here with the reason, so that the
 * config check reports them: {@code nopreempt} with priority 255 or with a {@code preempt_delay}. keepalived's
 * {@code state MASTER} has no field: in keepalived 2 it only clears {@code nopreempt} and {@code preempt_delay}
 * (a non-owner starts as BACKUP whatever its {@code state}), so the mapping drops those two instead.
 *
 * @param name                     the instance's name, for logs and notify scripts
 * @param version                  VRRP version, 2 (keepalived's default for IPv4) or 3
 * @param vrid                     {@code virtual_router_id}, 1 to 255
 * @param priority                 the base priority, 1 to 255; 255 is the address owner
 * @param advertInterval           {@code advert_int}: whole seconds (1 to 255) in version 2, a multiple of 10 ms
 *                                 from 10 ms to 40.95 s in version 3
 * @param virtualAddresses         the addresses advertised, 1 to 255, all IPv4 or all IPv6 (version 3 only)
 * @param authentication           version 2 only: none or {@code auth_type PASS}
 * @param preempt                  false for {@code nopreempt}: a higher priority backup leaves a master alone
 * @param preemptDelay             {@code preempt_delay}: how long after startup, or after first hearing a lower
 *                                 priority master, a backup waits before taking over from it
 * @param acceptMode               {@code accept}: carried for the service (firewall rules); no effect here
 * @param skipCheckAdvertAddresses {@code skip_check_adv_addr}: as backup, check the address list only when the
 *                                 master changes
 * @param lowerPriorityNoAdvert    {@code lower_prio_no_advert}: as master, do not answer a lower priority advert
 * @param higherPrioritySendAdvert {@code higher_prio_send_advert}: as master, send one more advert before yielding
 *                                 to a higher priority one
 * @param unicastPeers             {@code unicast_peer}: empty for multicast
 * @param checkUnicastSource       {@code check_unicast_src}: refuse unicast adverts from outside the peers
 * @param gratuitousArp            the gratuitous ARP schedule of a master
 */
public record VrrpInstanceSettings(
        String name,
        int version,
        int vrid,
        int priority,
        Duration advertInterval,
        List<InetAddress> virtualAddresses,
        Authentication authentication,
        boolean preempt,
        Duration preemptDelay,
        boolean acceptMode,
        boolean skipCheckAdvertAddresses,
        boolean lowerPriorityNoAdvert,
        boolean higherPrioritySendAdvert,
        List<InetAddress> unicastPeers,
        boolean checkUnicastSource,
        GratuitousArpSettings gratuitousArp) {

    private static final long CENTISECOND = 10_000_000L;

    public VrrpInstanceSettings {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (version != VrrpAdvertisement.VERSION_2 && version != VrrpAdvertisement.VERSION_3) {
            throw new IllegalArgumentException(name + ": version must be 2 or 3, got " + version);
        }
        range(name, "vrid", vrid, 1, 255);
        range(name, "priority", priority, 1, 255);
        Objects.requireNonNull(advertInterval, "advertInterval");
        virtualAddresses = List.copyOf(Objects.requireNonNull(virtualAddresses, "virtualAddresses"));
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(preemptDelay, "preemptDelay");
        unicastPeers = List.copyOf(Objects.requireNonNull(unicastPeers, "unicastPeers"));
        Objects.requireNonNull(gratuitousArp, "gratuitousArp");

        long nanos = advertInterval.toNanos();
        if (version == VrrpAdvertisement.VERSION_2
                ? nanos % 1_000_000_000L != 0 || nanos < 1_000_000_000L || nanos > 255_000_000_000L
                : nanos % CENTISECOND != 0 || nanos < CENTISECOND || nanos > 4095 * CENTISECOND) {
            throw new IllegalArgumentException(name + ": advertInterval " + advertInterval + " is not "
                    + (version == 2 ? "whole seconds from 1 to 255 (version 2)"
                            : "a multiple of 10 ms from 10 ms to 40.95 s (version 3)"));
        }
        if (virtualAddresses.isEmpty() || virtualAddresses.size() > VrrpAdvertisement.MAX_ADDRESSES) {
            throw new IllegalArgumentException(name + ": 1 to 255 virtual addresses expected, got "
                    + virtualAddresses.size());
        }
        boolean ipv6 = virtualAddresses.getFirst() instanceof Inet6Address;
        for (InetAddress address : virtualAddresses) {
            sameFamily(name, "virtual address", address, ipv6);
        }
        for (InetAddress peer : unicastPeers) {
            sameFamily(name, "unicast peer", peer, ipv6);
        }
        if (ipv6 && version == VrrpAdvertisement.VERSION_2) {
            throw new IllegalArgumentException(name + ": IPv6 virtual addresses need version 3, got version 2");
        }
        if (version == VrrpAdvertisement.VERSION_3 && authentication != Authentication.NONE) {
            throw new IllegalArgumentException(name + ": authentication is for version 2 only, got version 3");
        }
        if (preemptDelay.isNegative()) {
            throw new IllegalArgumentException(name + ": preemptDelay must not be negative, got " + preemptDelay);
        }
        if (!preempt && priority == VrrpAdvertisement.PRIORITY_OWNER) {
            throw new IllegalArgumentException(name + ": nopreempt with priority 255: the address owner always"
                    + " preempts (keepalived resets nopreempt)");
        }
        if (!preempt && !preemptDelay.isZero()) {
            throw new IllegalArgumentException(name + ": preemptDelay " + preemptDelay + " with nopreempt: a"
                    + " backup that never preempts has nothing to delay (keepalived resets preempt_delay)");
        }
    }

    /** A builder with keepalived's defaults for everything but the name, VRID, priority and addresses. */
    public static Builder builder(String name, int vrid, int priority, List<InetAddress> virtualAddresses) {
        return new Builder(name, vrid, priority, virtualAddresses);
    }

    /** Whether the instance runs over IPv6. */
    public boolean ipv6() {
        return virtualAddresses.getFirst() instanceof Inet6Address;
    }

    /** Whether this instance owns the virtual addresses: priority 255. */
    public boolean owner() {
        return priority == VrrpAdvertisement.PRIORITY_OWNER;
    }

    /** The advertisement interval in the unit of the wire: seconds in version 2, centiseconds in version 3. */
    public int advertIntervalField() {
        long nanos = advertInterval.toNanos();
        return (int) (version == VrrpAdvertisement.VERSION_2 ? nanos / 1_000_000_000L : nanos / CENTISECOND);
    }

    /** The advertisement this instance sends with {@code priority}. */
    public VrrpAdvertisement advertisement(int priority) {
        return new VrrpAdvertisement(version, vrid, priority, authentication, advertIntervalField(),
                virtualAddresses);
    }

    private static void range(String name, String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + ": " + field + " must be from " + min + " to " + max
                    + ", got " + value);
        }
    }

    private static void sameFamily(String name, String what, InetAddress address, boolean ipv6) {
        Objects.requireNonNull(address, what);
        if ((address instanceof Inet6Address) != ipv6) {
            throw new IllegalArgumentException(name + ": " + what + " " + address.getHostAddress() + " is not "
                    + (ipv6 ? "IPv6" : "IPv4") + " like the first virtual address");
        }
    }

    /** Builds settings; each setter names the keepalived keyword it stands for. */
    public static final class Builder {
        private final String name;
        private final int vrid;
        private final int priority;
        private final List<InetAddress> virtualAddresses;
        private Integer version;
        private Duration advertInterval = Duration.ofSeconds(1);
        private Authentication authentication = Authentication.NONE;
        private boolean preempt = true;
        private Duration preemptDelay = Duration.ZERO;
        private boolean acceptMode = true;
        private boolean skipCheckAdvertAddresses;
        private boolean lowerPriorityNoAdvert;
        private boolean higherPrioritySendAdvert;
        private List<InetAddress> unicastPeers = List.of();
        private boolean checkUnicastSource;
        private GratuitousArpSettings gratuitousArp = GratuitousArpSettings.KEEPALIVED_DEFAULTS;

        private Builder(String name, int vrid, int priority, List<InetAddress> virtualAddresses) {
            this.name = name;
            this.vrid = vrid;
            this.priority = priority;
            this.virtualAddresses = virtualAddresses;
        }

        /** {@code version}; by default 2 for IPv4 and 3 for IPv6, as keepalived's {@code vrrp_version}. */
        public Builder version(int version) {
            this.version = version;
            return this;
        }

        /** {@code advert_int}, by default 1 s. */
        public Builder advertInterval(Duration advertInterval) {
            this.advertInterval = advertInterval;
            return this;
        }

        /** {@code authentication}, by default none. */
        public Builder authentication(Authentication authentication) {
            this.authentication = authentication;
            return this;
        }

        /** {@code preempt} / {@code nopreempt}, by default preempt. */
        public Builder preempt(boolean preempt) {
            this.preempt = preempt;
            return this;
        }

        /** {@code preempt_delay}, by default none. */
        public Builder preemptDelay(Duration preemptDelay) {
            this.preemptDelay = preemptDelay;
            return this;
        }

        /** {@code accept} / {@code no_accept}, by default accept (keepalived outside strict mode). */
        public Builder acceptMode(boolean acceptMode) {
            this.acceptMode = acceptMode;
            return this;
        }

        /** {@code skip_check_adv_addr}, by default off. */
        public Builder skipCheckAdvertAddresses(boolean skip) {
            this.skipCheckAdvertAddresses = skip;
            return this;
        }

        /** {@code lower_prio_no_advert}, by default off. */
        public Builder lowerPriorityNoAdvert(boolean noAdvert) {
            this.lowerPriorityNoAdvert = noAdvert;
            return this;
        }

        /** {@code higher_prio_send_advert}, by default off. */
        public Builder higherPrioritySendAdvert(boolean sendAdvert) {
            this.higherPrioritySendAdvert = sendAdvert;
            return this;
        }

        /** {@code unicast_peer}, by default none (multicast). */
        public Builder unicastPeers(List<InetAddress> peers) {
            this.unicastPeers = peers;
            return this;
        }

        /** {@code check_unicast_src}, by default off. */
        public Builder checkUnicastSource(boolean check) {
            this.checkUnicastSource = check;
            return this;
        }

        /** The {@code garp_*} settings, by default keepalived's. */
        public Builder gratuitousArp(GratuitousArpSettings settings) {
            this.gratuitousArp = settings;
            return this;
        }

        public VrrpInstanceSettings build() {
            int chosen = version != null ? version
                    : !virtualAddresses.isEmpty() && virtualAddresses.getFirst() instanceof Inet6Address ? 3 : 2;
            return new VrrpInstanceSettings(name, chosen, vrid, priority, advertInterval, virtualAddresses,
                    authentication, preempt, preemptDelay, acceptMode, skipCheckAdvertAddresses,
                    lowerPriorityNoAdvert, higherPrioritySendAdvert, unicastPeers, checkUnicastSource, gratuitousArp);
        }
    }
}
