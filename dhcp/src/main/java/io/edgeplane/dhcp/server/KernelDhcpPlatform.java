package io.edgeplane.dhcp.server;

import io.edgeplane.core.os.Platform;
import io.edgeplane.core.os.net.AssignedAddress;
import io.edgeplane.core.os.net.IcmpEchoProbe;
import io.edgeplane.core.os.net.Libc;
import io.edgeplane.core.os.net.Link;
import io.edgeplane.core.os.net.Rtnetlink;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.StandardProtocolFamily;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Linux kernel under the DHCP server, through core's FFM bindings: rtnetlink, device-bound and packet sockets, ICMP. */
public final class KernelDhcpPlatform implements DhcpPlatform {

    private static final Logger LOG = LoggerFactory.getLogger(KernelDhcpPlatform.class);

    private final Libc libc;

    public KernelDhcpPlatform(Libc libc) {
        this.libc = Objects.requireNonNull(libc, "libc");
    }

    /** The platform on 64-bit Linux, empty elsewhere. */
    public static Optional<DhcpPlatform> load() {
        return Platform.isLinux64() ? Libc.load().map(KernelDhcpPlatform::new) : Optional.empty();
    }

    @Override
    public Interface resolve(String interfaceName) throws IOException {
        try (Rtnetlink netlink = Rtnetlink.open(libc)) {
            Link link = netlink.link(interfaceName).orElseThrow(() -> new IOException("there is no interface named "
                    + interfaceName));
            AssignedAddress primary = AssignedAddress.primary(netlink.addresses(link.index()), StandardProtocolFamily.INET)
                    .orElseThrow(() -> new IOException(interfaceName + " has no IPv4 address: the server needs one "
                            + "as its identifier, in the subnet it serves"));
            byte[] mac = link.hardwareAddress().map(m -> m.bytes()).orElseThrow(() -> new IOException(interfaceName
                    + " has no Ethernet address: the server answers on Ethernet interfaces"));
            return new Interface(interfaceName, link.index(), (Inet4Address) primary.address(), primary.prefixLength(),
                    mac);
        }
    }

    @Override
    public DhcpTransport open(Interface network) throws IOException {
        return new KernelDhcpTransport(libc, network);
    }

    @Override
    public Optional<AddressProbe> probe(Interface network) {
        try {
            IcmpEchoProbe probe = IcmpEchoProbe.open(libc);
            probe.bindToDevice(network.name());
            return Optional.of(new AddressProbe() {
                @Override
                public CompletableFuture<Boolean> probe(Inet4Address address, Duration timeout) {
                    return probe.probe(address, timeout);
                }

                @Override
                public void close() {
                    probe.close();
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.debug("dhcp: no ICMP probe on {}: {}", network.name(), e.toString());
            return Optional.empty();
        }
    }
}
