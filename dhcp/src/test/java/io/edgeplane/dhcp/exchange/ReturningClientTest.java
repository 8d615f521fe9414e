package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.lease.ClientId;
import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.dhcp.pool.AddressPool;
import io.edgeplane.dhcp.pool.Ipv4Ints;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * RFC 2131 §4.3.1's order for choosing an address: the client's current binding, then its previous (expired or
 * released) one, then the one it asks for in option 50, then a new one.
 */
class ReturningClientTest {

    private final Fixture f = new Fixture();
    private final Client client = Client.mac("52:54:00:12:34:56");
    /** An address the client would not land on by its hash, so getting it back proves it was remembered. */
    private final Inet4Address unlikely = notTheSpreadChoiceOf(client);

    /** The first address of the range the pool's search from the client's hash would not pick first. */
    private static Inet4Address notTheSpreadChoiceOf(Client client) {
        AddressPool empty = new AddressPool(List.of(new AddressPool.Range(Ipv4Ints.of(Configs.RANGE_FROM),
                Ipv4Ints.of(Configs.RANGE_TO), Configs.RANGE_LEASE)));
        Inet4Address hashed = empty.findFree(Fixture.keyOf(client).spread()).orElseThrow();
        long pick = Ipv4Ints.of(hashed) + 37;
        if (pick > Ipv4Ints.of(Configs.RANGE_TO)) {
            pick -= 100;
        }
        return Ipv4Ints.address(pick);
    }

    @Test
    void anAddressAskedForInADiscoverIsOfferedWhenFree() {
        Inet4Address offered = f.reply(client.discover().requested(ip("198.18.0.150")), DhcpMessageType.OFFER)
                .yiaddr();

        assertThat(offered).isEqualTo(ip("198.18.0.150"));
    }

    @Test
    void anAddressAskedForThatIsTakenOrOutsideTheRangesIsNotOffered() {
        Client other = Client.mac("52:54:00:00:00:01");
        f.bind(other, ip("198.18.0.150"));

        assertThat(f.reply(client.discover().requested(ip("198.18.0.150")), DhcpMessageType.OFFER).yiaddr())
                .isNotEqualTo(ip("198.18.0.150"));
        assertThat(f.reply(client.discover().requested(ip("198.18.0.20")), DhcpMessageType.OFFER).yiaddr())
                .as("in the subnet but outside every range").isNotEqualTo(ip("198.18.0.20"));
        assertThat(f.reply(client.discover().requested(ip("10.0.0.150")), DhcpMessageType.OFFER).yiaddr())
                .isNotEqualTo(ip("10.0.0.150"));
    }

    @Test
    void aClientGetsItsAddressBackAfterReleasingIt() {
        f.bind(client, unlikely);
        f.handle(client.release(unlikely));
        assertThat(f.responder.leases()).isEmpty();

        assertThat(f.offer(client)).isEqualTo(unlikely);
    }

    @Test
    void aClientGetsItsAddressBackAfterItExpired() {
        f.bind(client, unlikely);

        assertThat(f.advance(Duration.ofHours(2))).isEqualTo(1);
        assertThat(f.responder.leases()).isEmpty();

        assertThat(f.offer(client)).isEqualTo(unlikely);
    }

    @Test
    void itsPreviousAddressWinsOverTheOneItAsksFor() {
        f.bind(client, unlikely);
        f.handle(client.release(unlikely));

        assertThat(f.reply(client.discover().requested(ip("198.18.0.180")), DhcpMessageType.OFFER).yiaddr())
                .isEqualTo(unlikely);
    }

    @Test
    void whenItsPreviousAddressWasTakenMeanwhileItGetsAnother() {
        f.bind(client, unlikely);
        f.handle(client.release(unlikely));
        Client thief = Client.mac("52:54:00:00:00:02");
        f.bind(thief, unlikely);

        Inet4Address offered = f.offer(client);

        assertThat(offered).isNotEqualTo(unlikely);
        assertThat(f.leaseAt(unlikely).map(Fixture::keyOf)).contains(Fixture.keyOf(thief));
    }

    @Test
    void aRestoredLeaseIsKeptAndOfferedToItsClient() {
        Lease lease = new Lease(unlikely, client.mac, Optional.empty(), Optional.of("laptop"),
                Fixture.START.plus(Duration.ofMinutes(30)));

        f.responder.restore(List.of(lease));

        assertThat(f.responder.leases()).containsExactly(lease);
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize() - 1);
        assertThat(f.registry.lookup("laptop.lan")).contains(List.of(unlikely));
        assertThat(f.log.entries).as("nothing new to write").isEmpty();
        assertThat(f.offer(client)).isEqualTo(unlikely);
        assertThat(f.reply(client.renew(unlikely), DhcpMessageType.ACK).yiaddr()).isEqualTo(unlikely);
        assertThat(f.reply(Client.mac("52:54:00:00:00:03").initReboot(unlikely), DhcpMessageType.NAK)).isNotNull();
    }

    @Test
    void aRestoredLeaseWithAClientIdIsFoundByIt() {
        Client withId = Client.withClientId("52:54:00:99:99:99", "ff00112233");
        Lease lease = new Lease(unlikely, withId.mac, Optional.of(new ClientId(withId.clientId.orElseThrow())),
                Optional.empty(), Fixture.START.plus(Duration.ofMinutes(30)));

        f.responder.restore(List.of(lease));

        Client sameIdOtherNic = Client.withClientId("52:54:00:11:11:11", "ff00112233");
        assertThat(f.offer(sameIdOtherNic)).isEqualTo(unlikely);
    }

    @Test
    void aRestoredLeaseThatExpiredMeanwhileIsDroppedButItsAddressRemembered() {
        Lease lease = new Lease(unlikely, client.mac, Optional.empty(), Optional.of("laptop"),
                Fixture.START.minusSeconds(1));

        f.responder.restore(List.of(lease));

        assertThat(f.responder.leases()).isEmpty();
        assertThat(f.log.removes()).containsExactly(unlikely);
        assertThat(f.registry.names()).isEmpty();
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize());
        assertThat(f.offer(client)).as("restore(): expired ones remembered; §4.3.1: the previous address")
                .isEqualTo(unlikely);
    }

    @Test
    void aRestoredLeaseOutsideTheRangesIsDropped() {
        Lease lease = new Lease(ip("198.18.0.20"), client.mac, Optional.empty(), Optional.empty(),
                Fixture.START.plus(Duration.ofMinutes(30)));

        f.responder.restore(List.of(lease));

        assertThat(f.responder.leases()).isEmpty();
        assertThat(f.log.removes()).containsExactly(ip("198.18.0.20"));
    }

    @Test
    void aReturningClientIsNotProbedForItsOwnLease() {
        Fixture probing = new Fixture(Configs.builder().probe(true).build());
        Lease lease = new Lease(unlikely, client.mac, Optional.empty(), Optional.empty(),
                Fixture.START.plus(Duration.ofMinutes(30)));
        probing.responder.restore(List.of(lease));

        assertThat(probing.answer(client.discover()).reply().yiaddr()).isEqualTo(unlikely);
    }
}
