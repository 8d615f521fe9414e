package io.edgeplane.gateway.dhcp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The DHCP clients the interop tests run against every server, each able to say whether this machine has it. */
enum DhcpClientKind {

    /** busybox's udhcpc, as small systems and containers run it. */
    UDHCPC {
        @Override
        void requireAvailable() {
            UdhcpcClient.requireBusybox();
        }

        @Override
        DhcpClient create(DhcpTopology topology, DhcpTopology.Host host, String hostname, Path dir)
                throws IOException {
            return new UdhcpcClient(topology, host, hostname, dir);
        }
    },

    /** dhcpcd, as Debian's and Raspberry Pi OS's installs run it. */
    DHCPCD {
        @Override
        void requireAvailable() {
            DhcpcdClient.requireDhcpcd();
        }

        @Override
        DhcpClient create(DhcpTopology topology, DhcpTopology.Host host, String hostname, Path dir)
                throws IOException {
            return new DhcpcdClient(topology, host, hostname, dir);
        }
    };

    /** Skips the test (fails it under EDGEPLANE_REQUIRE_INTEROP=1) when this machine lacks the client. */
    abstract void requireAvailable();

    /** A client in {@code host}'s namespace asking for {@code hostname}, keeping its files under {@code dir}. */
    abstract DhcpClient create(DhcpTopology topology, DhcpTopology.Host host, String hostname, Path dir)
            throws IOException;

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
