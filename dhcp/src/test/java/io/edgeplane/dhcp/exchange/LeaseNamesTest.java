package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.lease.Lease;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Lease names in DNS (dnsmasq): {@code name.domain} answers the lease's address; a newer lease takes a name from
 * an older one; nobody takes a reservation's name; a registry that fails costs no lease.
 */
class LeaseNamesTest {

    private final Fixture f = new Fixture();
    private final Client laptop = Client.mac("52:54:00:00:00:01");
    private final Client phone = Client.mac("52:54:00:00:00:02");

    private Inet4Address bindNamed(Fixture fixture, Client client, String name) {
        Inet4Address offered = fixture.offer(client);
        fixture.reply(client.select(offered).hostName(name), DhcpMessageType.ACK);
        return offered;
    }

    @Test
    void aLeaseNameIsRegisteredUnderTheDomainWithTheLeasesAddress() {
        Inet4Address address = bindNamed(f, laptop, "Anna's iPhone");

        assertThat(f.registry.names()).isEqualTo(Map.of("anna-s-iphone.lan", List.of(address)));
        assertThat(f.registry.calls).containsExactly("register dhcp anna-s-iphone.lan [/" + address.getHostAddress()
                + "]");
        assertThat(f.leaseAt(address).flatMap(Lease::hostName)).contains("anna-s-iphone");
    }

    @Test
    void withoutADomainTheBareNameIsRegistered() {
        Fixture bare = new Fixture(Configs.builder().domain(null).build());

        Inet4Address address = bindNamed(bare, laptop, "laptop");

        assertThat(bare.registry.names()).isEqualTo(Map.of("laptop", List.of(address)));
    }

    @Test
    void theFqdnOptionsFirstLabelIsTheName() {
        Inet4Address offered = f.offer(laptop);
        f.reply(laptop.select(offered).fqdn("work-laptop.corp.example").hostName("ignored"), DhcpMessageType.ACK);

        assertThat(f.registry.names()).containsOnlyKeys("work-laptop.lan");
    }

    @Test
    void anInvalidNameGivesTheLeaseNoName() {
        Inet4Address address = bindNamed(f, laptop, "***");

        assertThat(f.registry.names()).isEmpty();
        assertThat(f.leaseAt(address).flatMap(Lease::hostName)).isEmpty();
    }

    @Test
    void aNewerLeaseTakesTheNameFromAnOlderOne() {
        Inet4Address older = bindNamed(f, laptop, "laptop");
        f.clock.advance(Duration.ofMinutes(5));
        Inet4Address newer = bindNamed(f, phone, "laptop");

        assertThat(f.registry.lookup("laptop.lan")).contains(List.of(newer));

        f.handle(laptop.release(older));
        assertThat(f.registry.lookup("laptop.lan")).as("the older lease's end does not take the name from the newer")
                .contains(List.of(newer));

        f.handle(phone.release(newer));
        assertThat(f.registry.names()).isEmpty();
    }

    @Test
    void anOlderLeaseExpiringLeavesTheNewerOnesName() {
        bindNamed(f, laptop, "laptop");
        f.clock.advance(Duration.ofMinutes(30));
        Inet4Address newer = bindNamed(f, phone, "laptop");

        assertThat(f.advance(Duration.ofMinutes(30))).isEqualTo(1);

        assertThat(f.registry.lookup("laptop.lan")).contains(List.of(newer));
    }

    @Test
    void aClientCannotTakeAnotherClientsReservedName() {
        Fixture reserved = new Fixture(Configs.builder()
                .reservation(Configs.byMac("52:54:00:00:00:05", "198.18.0.5", "printer", null)).build());

        Inet4Address address = bindNamed(reserved, laptop, "printer");

        assertThat(reserved.registry.lookup("printer.lan")).contains(List.of(ip("198.18.0.5")));
        assertThat(reserved.registry.names()).containsOnlyKeys("printer.lan");
        reserved.handle(laptop.release(address));
        assertThat(reserved.registry.lookup("printer.lan")).contains(List.of(ip("198.18.0.5")));
    }

    @Test
    void aMovingClientTakesItsNameAlong() {
        Inet4Address first = bindNamed(f, laptop, "laptop");
        Inet4Address second = ip(first.equals(ip("198.18.0.150")) ? "198.18.0.151" : "198.18.0.150");

        f.reply(laptop.initReboot(second).hostName("laptop"), DhcpMessageType.ACK);

        assertThat(f.registry.lookup("laptop.lan")).contains(List.of(second));
    }

    @Test
    void anotherClientTakingAnExpiredAddressDoesNotInheritItsName() {
        Inet4Address address = bindNamed(f, laptop, "laptop");
        f.advance(Duration.ofHours(1));

        f.reply(phone.initReboot(address), DhcpMessageType.ACK);

        assertThat(f.registry.names()).isEmpty();
        assertThat(f.leaseAt(address).flatMap(Lease::hostName)).isEmpty();
    }

    @Test
    void aFullRegistryCostsTheClientNoLease() {
        f.registry.full = true;

        Inet4Address address = bindNamed(f, laptop, "laptop");

        assertThat(f.leaseAt(address)).isPresent();
        assertThat(f.log.puts()).hasSize(1);
        f.registry.full = false;
        f.handle(laptop.release(address));
        assertThat(f.responder.leases()).isEmpty();
    }

    @Test
    void reservationsNamesFollowAReload() {
        Fixture reserved = new Fixture(Configs.builder()
                .reservation(Configs.byMac("52:54:00:00:00:05", "198.18.0.5", "printer", null)).build());

        reserved.responder.reconfigure(new DhcpSettings(Configs.builder()
                .reservation(Configs.byMac("52:54:00:00:00:06", "198.18.0.6", "scanner", null)).build(),
                Configs.IDENTITY));

        assertThat(reserved.registry.names()).isEqualTo(Map.of("scanner.lan", List.of(ip("198.18.0.6"))));
    }

    @Test
    void aRestoredLeasesNameIsRegistered() {
        Lease lease = new Lease(ip("198.18.0.160"), laptop.mac, Optional.empty(), Optional.of("laptop"),
                Fixture.START.plusSeconds(600));

        f.responder.restore(List.of(lease));

        assertThat(f.registry.names()).isEqualTo(Map.of("laptop.lan", List.of(ip("198.18.0.160"))));
    }
}
