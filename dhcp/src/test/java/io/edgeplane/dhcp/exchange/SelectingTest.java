package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessageType;
import java.net.Inet4Address;
import org.junit.jupiter.api.Test;

/**
 * SELECTING (RFC 2131 §4.3.2): the server identifier says which server's offer the client took. Another server's
 * means ours is declined: the address we held for it goes back to the pool.
 */
class SelectingTest {

    private static final Inet4Address OTHER_SERVER = ip("198.18.0.2");

    private final Fixture f = new Fixture();
    private final Client client = Client.mac("52:54:00:12:34:56");

    @Test
    void choosingAnotherServersOfferWithdrawsOurs() {
        Inet4Address offered = f.offer(client);
        long free = f.responder.poolFree();

        assertThat(f.ignored(client.select(offered, OTHER_SERVER))).isEqualTo(IgnoreReason.OTHER_SERVER);

        assertThat(f.responder.poolFree()).isEqualTo(free + 1);
        assertThat(f.pool().isFree(offered)).isTrue();
        assertThat(f.bindings().at(offered)).isEmpty();
        assertThat(f.log.entries).isEmpty();
        Client other = Client.mac("52:54:00:00:00:02");
        assertThat(f.reply(other.initReboot(offered), DhcpMessageType.ACK).yiaddr()).isEqualTo(offered);
    }

    @Test
    void choosingAnotherServerLeavesALeaseWithUsAlone() {
        Inet4Address leased = f.bind(client);

        assertThat(f.ignored(client.select(ip("198.18.0.77"), OTHER_SERVER))).isEqualTo(IgnoreReason.OTHER_SERVER);

        assertThat(f.leaseAt(leased)).isPresent();
        assertThat(f.log.removes()).isEmpty();
    }

    @Test
    void choosingAnotherServerWithoutAnOfferFromUsChangesNothing() {
        long free = f.responder.poolFree();

        assertThat(f.ignored(client.select(ip("198.18.0.150"), OTHER_SERVER))).isEqualTo(IgnoreReason.OTHER_SERVER);

        assertThat(f.responder.poolFree()).isEqualTo(free);
    }

    @Test
    void selectingOurOfferAfterItLapsedStillGetsTheAddressWhileItIsFree() {
        Inet4Address offered = f.offer(client);
        f.advance(DhcpSettings.OFFER_HOLD);
        assertThat(f.pool().isFree(offered)).isTrue();

        assertThat(f.reply(client.select(offered), DhcpMessageType.ACK).yiaddr()).isEqualTo(offered);
    }

    @Test
    void selectingAnAddressOfferedToAnotherClientIsRefused() {
        Client other = Client.mac("52:54:00:00:00:02");
        Inet4Address theirs = f.offer(other);

        assertThat(f.reply(client.select(theirs), DhcpMessageType.NAK)).isNotNull();
        assertThat(f.reply(other.select(theirs), DhcpMessageType.ACK)).isNotNull();
    }

    @Test
    void selectingAnAddressFromAnotherNetworkIsRefusedEvenWhenNotAuthoritative() {
        // The client named this server: it is this server's business to say no (RFC 2131 §4.3.2).
        Fixture polite = new Fixture(Configs.builder().authoritative(false).build());

        assertThat(polite.reply(client.select(ip("10.0.0.5")), DhcpMessageType.NAK)).isNotNull();
        assertThat(polite.reply(client.select(ip("198.18.0.20")), DhcpMessageType.NAK)).isNotNull();
    }
}
