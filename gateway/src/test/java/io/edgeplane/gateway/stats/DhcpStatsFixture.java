package io.edgeplane.gateway.stats;

import io.edgeplane.dhcp.codec.HardwareAddress;
import io.edgeplane.dhcp.lease.ClientId;
import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.dhcp.server.DhcpStatus;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A DHCP server on {@code lan0} as an operator might find it at the proxy fixture's {@link ProxyStatsFixture#NOW}:
 * a laptop with a name, a client known by its identifier with no name, one named by its identifier alone (no
 * hardware address), and two leases the server has not yet swept: one ending this very second, one past. Public
 * for the admin tests of {@code /stats.json}.
 */
public final class DhcpStatsFixture {

    private DhcpStatsFixture() {
    }

    /** The five leases, by address. */
    public static List<Lease> leases() {
        return List.of(
                new Lease(ipv4("198.18.7.50"), HardwareAddress.parse("52:54:00:12:34:56"), Optional.empty(),
                        Optional.of("laptop"), ProxyStatsFixture.NOW.plus(Duration.ofHours(3).plusMinutes(12))),
                new Lease(ipv4("198.18.7.51"), HardwareAddress.parse("52:54:00:00:00:02"),
                        Optional.of(ClientId.parse("01:52:54:00:00:00:02")), Optional.empty(),
                        ProxyStatsFixture.NOW.plusSeconds(45)),
                new Lease(ipv4("198.18.7.52"), new HardwareAddress(new byte[0]), Optional.of(ClientId.parse("ff:00:01")),
                        Optional.of("printer"), ProxyStatsFixture.NOW.plus(Duration.ofDays(2).plusHours(1))),
                new Lease(ipv4("198.18.7.53"), HardwareAddress.parse("52:54:00:00:00:04"), Optional.empty(),
                        Optional.of("phone"), ProxyStatsFixture.NOW),
                new Lease(ipv4("198.18.7.54"), HardwareAddress.parse("52:54:00:00:00:05"), Optional.empty(),
                        Optional.empty(), ProxyStatsFixture.NOW.minusSeconds(10)));
    }

    /** Serving {@code interfaceName} as 198.18.7.1 with {@code leases}, 101 addresses in its range, 96 free. */
    public static DhcpStatus status(String interfaceName, List<Lease> leases) {
        return new DhcpStatus(interfaceName, ipv4("198.18.7.1"), 101, 96, leases);
    }

    public static DhcpStatus status() {
        return status("lan0", leases());
    }

    /** The proxy fixture's page, with this DHCP server (or none). */
    public static StatsPageModel model(Optional<DhcpStatus> dhcp) {
        StatsPageModel base = ProxyStatsFixture.model(false);
        return new StatsPageModel(base.node(), base.version(), base.now(), base.uptime(), base.configSource(),
                base.configAppliedAt(), base.services(), base.proxy(), Optional.empty(), Optional.empty(),
                Optional.empty(), dhcp, false, Duration.ZERO);
    }

    public static Inet4Address ipv4(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }
}
