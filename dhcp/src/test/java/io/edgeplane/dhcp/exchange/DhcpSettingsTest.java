package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.config.dhcp.DhcpConfig;
import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpOptions;
import io.edgeplane.dhcp.codec.HardwareAddress;
import io.edgeplane.dhcp.pool.ClientKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dhcp section as the loader reads it, resolved against the interface, and served. */
class DhcpSettingsTest {

    private static final ServerIdentity ETH1 = new ServerIdentity(ip("192.168.77.1"), 24);

    private static DhcpConfig load(String yaml) throws Exception {
        return new ConfigLoader(Variables.of(Map.of())).parse("node.yaml", yaml).dhcp().orElseThrow();
    }

    /** The design sketch's dhcp section, as an edgeplane.yaml would hold it. */
    private static DhcpConfig sketch() throws Exception {
        return load("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.50, to: 192.168.77.150, lease: 12h }]
                  options: { router: 192.168.77.1, dns_servers: [192.168.77.1], domain: localdomain }
                  reservations: [{ mac: "52:54:00:12:34:56", address: 192.168.77.10, name: printer }]
                  lease_file: /var/lib/edgeplane/dhcp.leases
                """);
    }

    @Test
    void theSketchResolvesToRangesReservationsAndOptions() throws Exception {
        DhcpSettings settings = new DhcpSettings(sketch(), ETH1);

        assertThat(settings.ranges()).hasSize(1);
        assertThat(settings.rangeLease(ip("192.168.77.60"))).isEqualTo(Duration.ofHours(12));
        assertThat(settings.rangeLease(ip("192.168.77.10"))).isEqualTo(DhcpSettings.DEFAULT_LEASE);
        assertThat(settings.netmaskFor(ip("192.168.77.60"))).isEqualTo(ip("255.255.255.0"));
        Reservation printer = new Reservation(ip("192.168.77.10"), Optional.of("printer"), Duration.ofHours(1));
        assertThat(settings.reservations()).isEqualTo(Map.of(ip("192.168.77.10"), printer));
        assertThat(settings.reservationOf(Optional.empty(), HardwareAddress.parse("52:54:00:12:34:56")))
                .contains(printer);
        assertThat(settings.reservationOf(Optional.of(ClientKey.ofClientId(new byte[] {1, 2})),
                HardwareAddress.parse("52:54:00:12:34:56"))).as("by MAC when the client id is not reserved")
                .contains(printer);
        assertThat(settings.reservationAt(ip("192.168.77.10"))).contains(printer);
        assertThat(settings.reservationAt(ip("192.168.77.11"))).isEmpty();
        assertThat(settings.sharedOptions()).containsOnlyKeys(DhcpOptions.ROUTERS, DhcpOptions.DOMAIN_NAME_SERVERS,
                DhcpOptions.DOMAIN_NAME, DhcpOptions.BROADCAST_ADDRESS);
        assertThat(settings.sharedOptions().get(DhcpOptions.BROADCAST_ADDRESS))
                .isEqualTo(ip("192.168.77.255").getAddress());
    }

    @Test
    void theSketchServesTheReservedPrinterAndADynamicClient() throws Exception {
        RecordingHostRegistry registry = new RecordingHostRegistry();
        RecordingLeaseLog log = new RecordingLeaseLog();
        DhcpResponder responder = new DhcpResponder(new DhcpSettings(sketch(), ETH1), log,
                new LeaseNames(registry, Optional.of("localdomain")), new TestClock(Fixture.START));
        Client printer = Client.mac("52:54:00:12:34:56");
        Client laptop = Client.mac("52:54:00:00:00:77");

        Outcome.Answer offer = (Outcome.Answer) responder.handle(new DhcpRequest(printer.discover().build(),
                DhcpMessage.ANY));
        Outcome dynamic = responder.handle(new DhcpRequest(laptop.discover().build(), DhcpMessage.ANY));

        assertThat(offer.reply().yiaddr()).isEqualTo(ip("192.168.77.10"));
        assertThat(offer.reply().options().leaseTime()).hasValue(3600);
        assertThat(dynamic).as("probe defaults to on, as dnsmasq pings").isInstanceOfSatisfying(Outcome.Probe.class,
                p -> assertThat(p.address().getAddress()[3] & 0xFF).isBetween(50, 150));
        assertThat(responder.poolSize()).isEqualTo(101);
        assertThat(registry.names()).isEqualTo(Map.of("printer.localdomain", List.of(ip("192.168.77.10"))));
    }

    @Test
    void aRangeNetmaskIsTheClientsSubnetMask() throws Exception {
        DhcpSettings settings = new DhcpSettings(load("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.50, to: 192.168.77.60, netmask: 255.255.255.192 }]
                """), ETH1);

        assertThat(settings.netmaskFor(ip("192.168.77.55"))).isEqualTo(ip("255.255.255.192"));
        assertThat(settings.netmaskFor(ip("192.168.77.70"))).as("outside the range: the interface's")
                .isEqualTo(ip("255.255.255.0"));
        assertThat(settings.rangeLease(ip("192.168.77.55"))).as("dnsmasq's default lease")
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void theRouterAndDnsServerDefaultToTheServer() throws Exception {
        DhcpSettings settings = new DhcpSettings(load("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.50, to: 192.168.77.60 }]
                """), ETH1);

        assertThat(settings.sharedOptions().get(DhcpOptions.ROUTERS)).isEqualTo(ETH1.address().getAddress());
        assertThat(settings.sharedOptions().get(DhcpOptions.DOMAIN_NAME_SERVERS))
                .isEqualTo(ETH1.address().getAddress());
        assertThat(settings.sharedOptions()).doesNotContainKeys(DhcpOptions.DOMAIN_NAME, DhcpOptions.NTP_SERVERS);
    }

    @Test
    void aRangeOrReservationOutsideTheInterfacesSubnetIsRefusedByKey() throws Exception {
        assertThatThrownBy(() -> new DhcpSettings(load("""
                dhcp:
                  interface: eth1
                  ranges: [{ from: 192.168.77.50, to: 192.168.78.60 }]
                """), ETH1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dhcp.ranges[0].to")
                .hasMessageContaining("192.168.78.60");
        assertThatThrownBy(() -> new DhcpSettings(load("""
                dhcp:
                  interface: eth1
                  reservations: [{ mac: "52:54:00:12:34:56", address: 10.0.0.10 }]
                """), ETH1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dhcp.reservations[0].address");
    }

    @Test
    void aReservationOfTheServersOwnAddressIsRefused() {
        assertThatThrownBy(() -> new DhcpSettings(load("""
                dhcp:
                  interface: eth1
                  reservations: [{ mac: "52:54:00:12:34:56", address: 192.168.77.1 }]
                """), ETH1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("server's own address");
    }

    @Test
    void theIdentityKnowsItsSubnet() {
        assertThat(ETH1.inSubnet(ip("192.168.77.254"))).isTrue();
        assertThat(ETH1.inSubnet(ip("192.168.78.1"))).isFalse();
        assertThat(ETH1.netmask()).isEqualTo(ip("255.255.255.0"));
        assertThat(ETH1.broadcast()).isEqualTo(ip("192.168.77.255"));
        assertThat(new ServerIdentity(ip("10.1.2.3"), 8).broadcast()).isEqualTo(ip("10.255.255.255"));
        assertThatThrownBy(() -> new ServerIdentity(ip("10.1.2.3"), 31)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ServerIdentity(ip("10.1.2.3"), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
