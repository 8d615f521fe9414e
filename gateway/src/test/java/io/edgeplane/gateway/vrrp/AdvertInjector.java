package io.edgeplane.gateway.vrrp;

import io.edgeplane.core.os.net.RawIpSocket;
import io.edgeplane.vrrp.codec.Authentication;
import io.edgeplane.vrrp.codec.VrrpAdvertisement;
import io.edgeplane.vrrp.codec.VrrpAdvertisementEncoder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * A forged VRRP router on the client namespace: it multicasts adverts for a node's instance (same VRID, interval,
 * password and virtual IP) with a priority and a TTL (IPv6: hop limit) of the test's choosing, encoded by
 * edgeplane's {@link VrrpAdvertisementEncoder} and sent from a {@link RawIpSocket}, as a VRRP router would send them
 * from the client's address (IPv4) or link-local address (IPv6).
 */
final class AdvertInjector implements AutoCloseable {

    private static final InetAddress GROUP4 = InetAddress.ofLiteral("224.0.0.18");
    private static final InetAddress GROUP6 = InetAddress.ofLiteral("ff02::12");

    private final RawIpSocket socket;
    private final VrrpInstanceSpec spec;
    private final InetAddress source;
    private final InetAddress group;

    private AdvertInjector(RawIpSocket socket, VrrpInstanceSpec spec, InetAddress source, InetAddress group) {
        this.socket = socket;
        this.spec = spec;
        this.source = source;
        this.group = group;
    }

    /** An injector on the topology's client for adverts of {@code spec}'s instance. */
    static AdvertInjector open(Topology topology, VrrpInstanceSpec spec) throws Exception {
        Topology.Member client = topology.client();
        InetAddress source = spec.ipv6() ? topology.linkLocal(client) : client.ipv4();
        InetAddress group = spec.ipv6() ? GROUP6 : GROUP4;
        RawIpSocket socket = client.namespace().call(() -> {
            RawIpSocket opened = RawIpSocket.open(topology.libc(), Topology.family(spec.vip()),
                    VrrpAdvertisement.IP_PROTOCOL);
            try {
                opened.bindToDevice(Topology.INTERFACE);
                opened.bind(source);
                opened.setMulticastInterface(client.ifindex());
                opened.setMulticastLoop(false);
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
            return opened;
        });
        return new AdvertInjector(socket, spec, source, group);
    }

    /** Sends {@code count} adverts of {@code priority} with {@code ttl}, one per {@code interval}. */
    void send(int priority, int ttl, int count, Duration interval) throws IOException, InterruptedException {
        socket.setMulticastTtl(ttl);
        Authentication authentication = spec.authPass().<Authentication>map(Authentication.SimplePassword::of)
                .orElse(Authentication.NONE);
        int advertInterval = spec.version() == 2 ? (int) spec.advertInterval().toSeconds()
                : (int) (spec.advertInterval().toMillis() / 10);
        VrrpAdvertisement advert = new VrrpAdvertisement(spec.version(), spec.vrid(), priority, authentication,
                advertInterval, List.of(spec.vipAddress()));
        byte[] bytes = VrrpAdvertisementEncoder.encode(advert, source, group);
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                Thread.sleep(interval);
            }
            socket.send(ByteBuffer.wrap(bytes), group);
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
