package io.edgeplane.vrrp.state;

import io.edgeplane.vrrp.codec.VrrpAdvertisement;
import java.net.InetAddress;

/**
 * What a {@link VrrpInstance} asks of the world; the service implements it with sockets, netlink and ARP. Calls
 * come on the thread that drives the instance, in the order the instance needs them done, and must not block.
 */
public interface VrrpActions {

    /** Send this advertisement to the multicast group or to every unicast peer. */
    void sendAdvertisement(VrrpAdvertisement advertisement);

    /** Add the virtual addresses to the interface (and the accept-mode firewall rules, if any). */
    void addVirtualAddresses();

    /** Remove the virtual addresses from the interface. */
    void removeVirtualAddresses();

    /**
     * Send {@code rounds} rounds of gratuitous ARPs (IPv4) or unsolicited neighbour advertisements (IPv6), one per
     * virtual address each round, spaced by the interface's {@code garp_interval} if it has one.
     */
    void sendGratuitousArps(int rounds);

    /** Drop any gratuitous ARP still queued: we are no longer master (keepalived's vrrp_remove_delayed_arp). */
    void cancelGratuitousArps();

    /** The instance changed state: run the notify script, log, count. */
    void stateChanged(StateChange change);

    /** A noteworthy advertisement that changed no state. */
    default void advertNotice(AdvertNotice notice, InetAddress source, int priority) {
    }
}
