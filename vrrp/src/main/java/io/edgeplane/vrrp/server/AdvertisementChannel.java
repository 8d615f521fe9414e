package io.edgeplane.vrrp.server;

import io.edgeplane.core.os.net.AssignedAddress;
import io.edgeplane.core.os.net.Libc;
import io.edgeplane.core.os.net.Link;
import io.edgeplane.core.os.net.RawIpSocket;
import io.edgeplane.core.os.net.ReceivedDatagram;
import io.edgeplane.core.os.net.Rtnetlink;
import io.edgeplane.vrrp.codec.DecodeResult;
import io.edgeplane.vrrp.codec.VrrpAdvertisement;
import io.edgeplane.vrrp.codec.VrrpAdvertisementDecoder;
import io.edgeplane.vrrp.codec.VrrpAdvertisementEncoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VRRP's sockets on one interface for one address family, shared by every instance there, as keepalived shares
 * them: a receiver bound to the device and joined to the group (it also gets unicast adverts to this host), and a
 * sender bound to the device and to the interface's primary address, which RFC 5798 §5.1.1 makes the source of
 * every advert, with TTL and hop limit 255 and multicast loop off. Received adverts are decoded on this channel's
 * own platform thread (a blocking receive loop, never an event loop) and handed, by VRID, to the instance
 * registered for it; everything dropped on the way is counted by reason.
 */
final class AdvertisementChannel implements AutoCloseable {

    /** IP protocol 112. */
    static final int PROTOCOL_VRRP = 112;
    private static final InetAddress GROUP_4 = address("224.0.0.18");
    private static final InetAddress GROUP_6 = address("ff02::12");
    /** The largest advert: 255 IPv6 addresses and the header; a bigger datagram is not VRRP. */
    private static final int MAX_ADVERT = 8 + 255 * 16;
    /** How long one receive waits before it looks again whether the channel closed (a close wakes it anyway). */
    private static final Duration RECEIVE_WAIT = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(AdvertisementChannel.class);

    /** Where an instance takes its adverts; called on the channel's thread, so it must only hand them on. */
    interface Listener {
        void received(VrrpAdvertisement advertisement, InetAddress source, InetAddress destination);
    }

    /**
     * One channel per interface, family and source: {@code source} empty = the interface's primary address, else
     * the instance's {@code unicast_source}.
     */
    record Key(String interfaceName, boolean ipv6, Optional<InetAddress> source) {
        Key {
            Objects.requireNonNull(interfaceName, "interfaceName");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public String toString() {
            return interfaceName + (ipv6 ? " (IPv6" : " (IPv4") + source.map(a -> " from " + a.getHostAddress()).orElse("")
                    + ")";
        }
    }

    private final Key key;
    private final InetAddress primaryAddress;
    private final RawIpSocket receiver;
    private final RawIpSocket sender;
    private final VrrpMeters meters;
    private final Map<Integer, Listener> listeners = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    private AdvertisementChannel(Key key, InetAddress primaryAddress, RawIpSocket receiver,
                                 RawIpSocket sender, VrrpMeters meters) {
        this.key = key;
        this.primaryAddress = primaryAddress;
        this.receiver = receiver;
        this.sender = sender;
        this.meters = meters;
        this.thread = Thread.ofPlatform().name("vrrp-rx-" + key.interfaceName() + (key.ipv6() ? "-6" : "-4"))
                .daemon(true).unstarted(this::receiveLoop);
    }

    /**
     * Opens the sockets of {@code key} in the calling thread's network namespace and starts receiving.
     *
     * @throws IOException naming the interface when it does not exist, has no address of the family, or the
     *                     process lacks CAP_NET_RAW
     */
    static AdvertisementChannel open(Libc libc, Rtnetlink netlink, Key key, VrrpMeters meters) throws IOException {
        Optional<InetAddress> source = key.source();
        Link link = netlink.link(key.interfaceName()).orElseThrow(() -> new IOException(
                "vrrp: no interface " + key.interfaceName() + " in this network namespace"));
        StandardProtocolFamily family = key.ipv6() ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        InetAddress from = source.isPresent() ? source.get()
                : AssignedAddress.primary(netlink.addresses(link.index()), family).map(AssignedAddress::address)
                        .orElseThrow(() -> new IOException("vrrp: interface " + key + " has no "
                                + (key.ipv6() ? "IPv6 link-local" : "IPv4") + " address to advertise from"));
        RawIpSocket receiver = RawIpSocket.open(libc, family, PROTOCOL_VRRP);
        RawIpSocket sender = null;
        try {
            receiver.bindToDevice(key.interfaceName());
            receiver.joinGroup(group(key.ipv6()), link.index());
            sender = RawIpSocket.open(libc, family, PROTOCOL_VRRP);
            sender.bindToDevice(key.interfaceName());
            sender.bind(from);
            sender.setMulticastInterface(link.index());
            // RFC 5798 §5.1.1.3 / §5.1.2.3: a receiver drops anything that did not leave with 255.
            sender.setMulticastTtl(255);
            sender.setUnicastTtl(255);
            sender.setMulticastLoop(false);
        } catch (IOException | RuntimeException e) {
            receiver.close();
            if (sender != null) {
                sender.close();
            }
            throw e;
        }
        AdvertisementChannel channel = new AdvertisementChannel(key, from, receiver, sender, meters);
        channel.thread.start();
        return channel;
    }

    Key key() {
        return key;
    }

    /** The address adverts leave from. */
    InetAddress primaryAddress() {
        return primaryAddress;
    }

    /** The multicast group of this channel's family. */
    InetAddress group() {
        return group(key.ipv6());
    }

    /** Takes the adverts of {@code vrid} from now on; one listener per VRID. */
    void register(int vrid, Listener listener) {
        Objects.requireNonNull(listener, "listener");
        if (listeners.putIfAbsent(vrid, listener) != null) {
            throw new IllegalStateException("vrrp: VRID " + vrid + " on " + key + " has a listener already");
        }
    }

    void unregister(int vrid, Listener listener) {
        listeners.remove(vrid, listener);
    }

    boolean unused() {
        return listeners.isEmpty();
    }

    /**
     * Sends {@code advertisement} to {@code destination} (the group or a unicast peer), its checksum computed over
     * that destination (RFC 5798's pseudo-header).
     */
    void send(VrrpAdvertisement advertisement, InetAddress destination) throws IOException {
        byte[] payload = VrrpAdvertisementEncoder.encode(advertisement, primaryAddress, destination);
        sender.send(ByteBuffer.wrap(payload), destination);
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_ADVERT);
        while (!closed) {
            try {
                buffer.clear();
                Optional<ReceivedDatagram> received = receiver.receive(buffer, RECEIVE_WAIT);
                if (received.isPresent()) {
                    buffer.flip();
                    dispatch(buffer, received.get());
                }
            } catch (AsynchronousCloseException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                // A receive that fails once (ENOBUFS, a vanished interface) must not end VRRP on this interface.
                log.warn("vrrp: receiving on {} failed: {}", key, e.toString());
                pause();
            }
        }
    }

    private void dispatch(ByteBuffer payload, ReceivedDatagram datagram) {
        if (datagram.truncated()) {
            meters.dropped("too_long");
            return;
        }
        DecodeResult result = VrrpAdvertisementDecoder.decode(payload, datagram.source(), datagram.destination(),
                datagram.ttl());
        switch (result) {
            case DecodeResult.Dropped dropped -> meters.dropped(dropped.reason().name().toLowerCase(java.util.Locale.ROOT));
            case DecodeResult.Valid valid -> {
                Listener listener = listeners.get(valid.advertisement().vrid());
                if (listener == null) {
                    // Another router group on the same LAN: normal, and counted apart from errors.
                    meters.dropped("other_vrid");
                    return;
                }
                listener.received(valid.advertisement(), datagram.source(), datagram.destination());
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        receiver.close();
        sender.close();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InetAddress group(boolean ipv6) {
        return ipv6 ? GROUP_6 : GROUP_4;
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a literal address always parses: " + literal, e);
        }
    }
}
