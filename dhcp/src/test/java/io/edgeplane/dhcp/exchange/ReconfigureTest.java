package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.dhcp.DhcpConfig;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.lease.Lease;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reload: the leases that still fit the new ranges stay, the others end, offers are dropped. */
class ReconfigureTest {

    private static final Inet4Address KEPT = ip("198.18.0.120");
    private static final Inet4Address DROPPED = ip("198.18.0.180");

    private final Fixture f = new Fixture();
    private final Client keeper = Client.mac("52:54:00:00:00:01");
    private final Client leaver = Client.mac("52:54:00:00:00:02");

    private void reconfigure(DhcpConfig config) {
        f.responder.reconfigure(new DhcpSettings(config, Configs.IDENTITY));
    }

    private static DhcpConfig smallerRange() {
        return Configs.builder().ranges(Configs.range("198.18.0.100", "198.18.0.149", Duration.ofHours(1))).build();
    }

    @Test
    void leasesInsideTheNewRangesAreKeptAndTheOthersEnd() {
        f.bind(keeper, KEPT);
        f.bind(leaver, DROPPED);
        f.reply(leaver.renew(DROPPED).hostName("leaver"), DhcpMessageType.ACK);
        f.reply(keeper.renew(KEPT).hostName("keeper"), DhcpMessageType.ACK);
        Lease kept = f.leaseAt(KEPT).orElseThrow();

        reconfigure(smallerRange());

        assertThat(f.responder.leases()).containsExactly(kept);
        assertThat(f.log.removes()).containsExactly(DROPPED);
        assertThat(f.log.replay().keySet()).containsExactly(KEPT);
        assertThat(f.responder.poolSize()).isEqualTo(50);
        assertThat(f.responder.poolFree()).isEqualTo(49);
        assertThat(f.registry.lookup("keeper.lan")).contains(List.of(KEPT));
        assertThat(f.registry.lookup("leaver.lan")).as("a lease that ended takes its name out of DNS").isEmpty();
    }

    @Test
    void aKeptLeaseIsRenewedAndExpiresAsBefore() {
        f.bind(keeper, KEPT);

        reconfigure(smallerRange());

        assertThat(f.reply(keeper.renew(KEPT), DhcpMessageType.ACK).yiaddr()).isEqualTo(KEPT);
        assertThat(f.advance(Duration.ofHours(1))).isEqualTo(1);
        assertThat(f.responder.poolFree()).isEqualTo(50);
    }

    @Test
    void aClientWhoseLeaseWasDroppedIsRefusedAndGetsANewAddress() {
        f.bind(leaver, DROPPED);

        reconfigure(smallerRange());

        assertThat(f.reply(leaver.renew(DROPPED), DhcpMessageType.NAK)).isNotNull();
        Inet4Address fresh = f.bind(leaver);
        assertThat(fresh).isNotEqualTo(DROPPED);
    }

    @Test
    void offersAreDropped() {
        Inet4Address offered = f.offer(keeper);

        reconfigure(Configs.standard());

        assertThat(f.bindings().all()).isEmpty();
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize());
        assertThat(f.pool().isFree(offered)).isTrue();
    }

    @Test
    void heldBackAddressesStayHeldBack() {
        Inet4Address declined = f.bind(keeper);
        f.handle(keeper.decline(declined));

        reconfigure(Configs.standard());

        assertThat(f.pool().isFree(declined)).isFalse();
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize() - 1);
        f.advance(Duration.ofMinutes(10));
        assertThat(f.pool().isFree(declined)).isTrue();
    }

    @Test
    void aLeaseThatExpiredButWasNotYetTickedIsDroppedCleanly() {
        f.bind(leaver, DROPPED);
        f.reply(leaver.renew(DROPPED).hostName("leaver"), DhcpMessageType.ACK);
        f.clock.advance(Duration.ofHours(2));

        reconfigure(Configs.standard());

        assertThat(f.responder.leases()).isEmpty();
        assertThat(f.log.replay()).isEmpty();
        assertThat(f.registry.names()).isEmpty();
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize());
    }

    @Test
    void aReloadWithTheSameConfigChangesNoLease() {
        for (int i = 0; i < 20; i++) {
            f.bind(Client.numbered(i));
        }
        List<Lease> before = f.responder.leases();
        int logged = f.log.size();

        reconfigure(Configs.standard());

        assertThat(f.responder.leases()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(f.log.size()).isEqualTo(logged);
        assertThat(f.responder.poolFree()).isEqualTo(80);
    }

    @Test
    void aNewReservationOfALeasedAddressKeepsTheLeaseWithItsHolderUntilItEnds() {
        f.bind(leaver, KEPT);

        reconfigure(Configs.builder().reservation(Configs.byMac("52:54:00:00:00:01", "198.18.0.120", "keeper", null))
                .build());

        assertThat(f.leaseAt(KEPT).map(Fixture::keyOf)).contains(Fixture.keyOf(leaver));
        assertThat(f.offer(keeper)).isNotEqualTo(KEPT);
        f.handle(leaver.release(KEPT));
        assertThat(f.offer(keeper)).isEqualTo(KEPT);
    }
}
