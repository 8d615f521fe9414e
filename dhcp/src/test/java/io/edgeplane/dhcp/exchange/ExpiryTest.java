package io.edgeplane.dhcp.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessageType;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Time: leases expire at their end, offers lapse after {@link DhcpSettings#OFFER_HOLD}, both through tick(). */
class ExpiryTest {

    private final Fixture f = new Fixture();
    private final Client client = Client.mac("52:54:00:12:34:56");

    @Test
    void aLeaseExpiresExactlyAtItsEnd() {
        Inet4Address address = f.bind(client);
        f.reply(client.renew(address).hostName("laptop"), DhcpMessageType.ACK);
        assertThat(f.responder.nextDeadline()).as("never later than the lease's end, or it would outlive it")
                .hasValueSatisfying(d -> assertThat(d).isBeforeOrEqualTo(Fixture.START.plus(Duration.ofHours(1))));

        assertThat(f.advance(Duration.ofHours(1).minusSeconds(1))).isZero();
        assertThat(f.leaseAt(address)).isPresent();
        assertThat(f.registry.lookup("laptop.lan")).contains(List.of(address));

        assertThat(f.advance(Duration.ofSeconds(1))).isEqualTo(1);

        assertThat(f.responder.leases()).isEmpty();
        assertThat(f.log.removes()).containsExactly(address);
        assertThat(f.log.replay()).isEmpty();
        assertThat(f.registry.names()).isEmpty();
        assertThat(f.pool().isFree(address)).isTrue();
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize());
        assertThat(f.bindings().leaseCount()).isZero();
    }

    @Test
    void anExpiredAddressCanBeLeasedToAnotherClient() {
        Inet4Address address = f.bind(client);
        f.advance(Duration.ofHours(1));

        Client other = Client.mac("52:54:00:00:00:02");
        assertThat(f.reply(other.initReboot(address), DhcpMessageType.ACK).yiaddr()).isEqualTo(address);
    }

    @Test
    void tickExpiresManyLeasesAtOnceAndOnlyThoseDue() {
        for (int i = 0; i < 20; i++) {
            f.bind(Client.numbered(i));
        }
        f.clock.advance(Duration.ofMinutes(30));
        for (int i = 20; i < 30; i++) {
            f.bind(Client.numbered(i));
        }

        assertThat(f.advance(Duration.ofMinutes(30))).isEqualTo(20);
        assertThat(f.responder.leases()).hasSize(10);
        assertThat(f.log.removes()).hasSize(20);
        assertThat(f.advance(Duration.ofMinutes(30))).isEqualTo(10);
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize());
        assertThat(f.advance(Duration.ofHours(5))).isZero();
    }

    @Test
    void anOfferLapsesAfterTheOfferHold() {
        Inet4Address offered = f.offer(client);
        assertThat(f.responder.nextDeadline()).contains(Fixture.START.plus(DhcpSettings.OFFER_HOLD));

        f.advance(DhcpSettings.OFFER_HOLD.minusSeconds(1));
        assertThat(f.pool().isFree(offered)).isFalse();
        assertThat(f.bindings().at(offered)).isPresent();

        assertThat(f.advance(Duration.ofSeconds(1))).as("an offer is not a lease: none expired").isZero();

        assertThat(f.pool().isFree(offered)).isTrue();
        assertThat(f.bindings().at(offered)).isEmpty();
        assertThat(f.log.entries).isEmpty();
        Client other = Client.mac("52:54:00:00:00:02");
        assertThat(f.reply(other.initReboot(offered), DhcpMessageType.ACK)).isNotNull();
    }

    @Test
    void aRepeatedDiscoverRefreshesTheOfferHold() {
        Inet4Address offered = f.offer(client);
        f.advance(Duration.ofSeconds(50));

        f.offer(client);
        f.advance(Duration.ofSeconds(50));

        assertThat(f.bindings().at(offered)).as("held a minute from the second offer").isPresent();
        f.advance(Duration.ofSeconds(10));
        assertThat(f.bindings().at(offered)).isEmpty();
    }

    @Test
    void anOfferTurnedIntoALeaseDoesNotLapseWithTheOffer() {
        Inet4Address address = f.bind(client);

        f.advance(DhcpSettings.OFFER_HOLD.multipliedBy(2));

        assertThat(f.leaseAt(address)).isPresent();
        assertThat(f.pool().isFree(address)).isFalse();
    }

    @Test
    void nothingToDoMeansNoDeadline() {
        assertThat(f.responder.nextDeadline()).isEmpty();
        assertThat(f.responder.tick()).isZero();
    }
}
