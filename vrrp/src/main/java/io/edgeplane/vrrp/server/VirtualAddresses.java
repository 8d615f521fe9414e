package io.edgeplane.vrrp.server;

import io.edgeplane.core.os.net.GratuitousArp;
import io.edgeplane.core.os.net.MacAddress;
import io.edgeplane.core.os.net.PacketSocket;
import io.edgeplane.core.os.net.Rtnetlink;
import io.edgeplane.core.os.net.UnsolicitedNeighbourAdvertisement;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance's virtual addresses on their interfaces: added through rtnetlink when it becomes master, removed
 * when it stops being master, and announced with gratuitous ARPs (IPv4) or unsolicited neighbour advertisements
 * (IPv6) so the LAN's switches and neighbours move to this node at once. A failure is logged and the rest carried
 * on: one address that cannot be added must not keep the others, or the adverts, from going out.
 */
final class VirtualAddresses {

    private static final Logger log = LoggerFactory.getLogger(VirtualAddresses.class);

    /**
     * One address as it goes on its interface.
     *
     * @param label  IPv4 only: the address label ({@code ip addr ... label eth0:vip}) that keepalived's
     *               {@code label} sets
     * @param router IPv6: the interface forwards, so the neighbour advertisements carry the R flag (keepalived
     *               sets it on the same condition)
     */
    record Entry(String device, int ifindex, MacAddress mac, InetAddress address, int prefixLength,
                 Optional<String> label, boolean router) {
        Entry {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(mac, "mac");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(label, "label");
        }

        @Override
        public String toString() {
            return address.getHostAddress() + "/" + prefixLength + " on " + device;
        }
    }

    private final String instance;
    private final List<Entry> entries;
    private final Rtnetlink netlink;
    private final PacketSocket announcer;

    /**
     * @param netlink   used from the service's thread only
     * @param announcer the AF_PACKET socket gratuitous ARPs leave by
     */
    VirtualAddresses(String instance, List<Entry> entries, Rtnetlink netlink, PacketSocket announcer) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.entries = List.copyOf(entries);
        this.netlink = Objects.requireNonNull(netlink, "netlink");
        this.announcer = Objects.requireNonNull(announcer, "announcer");
    }

    List<Entry> entries() {
        return entries;
    }

    void add() {
        for (Entry entry : entries) {
            try {
                if (!netlink.addAddress(entry.ifindex(), entry.address(), entry.prefixLength(), entry.label())) {
                    log.info("vrrp {}: {} was already there", instance, entry);
                }
            } catch (IOException | RuntimeException e) {
                log.error("vrrp {}: adding {} failed: {}", instance, entry, e.getMessage());
            }
        }
    }

    void remove() {
        for (Entry entry : entries) {
            try {
                netlink.removeAddress(entry.ifindex(), entry.address(), entry.prefixLength());
            } catch (IOException | RuntimeException e) {
                log.error("vrrp {}: removing {} failed: {}", instance, entry, e.getMessage());
            }
        }
    }

    /** {@code rounds} rounds of one announcement per address, back to back (keepalived's default garp_interval 0). */
    void announce(int rounds) {
        for (int round = 0; round < rounds; round++) {
            for (Entry entry : entries) {
                try {
                    announcer.send(entry.ifindex(), frame(entry));
                } catch (IOException | RuntimeException e) {
                    log.warn("vrrp {}: announcing {} failed: {}", instance, entry, e.getMessage());
                }
            }
        }
    }

    private static ByteBuffer frame(Entry entry) {
        return switch (entry.address()) {
            case Inet4Address v4 -> GratuitousArp.frame(entry.mac(), v4);
            case Inet6Address v6 -> UnsolicitedNeighbourAdvertisement.frame(entry.mac(), v6, entry.router());
            default -> throw new IllegalStateException("an address is IPv4 or IPv6, got " + entry.address());
        };
    }
}
