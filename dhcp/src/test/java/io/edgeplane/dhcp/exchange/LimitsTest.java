package io.edgeplane.dhcp.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessageType;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A full pool and {@code max_leases}: the server says nothing and keeps going. */
class LimitsTest {

    @Test
    void aFourthClientOfAThreeAddressRangeFindsThePoolExhausted() {
        Fixture f = new Fixture(Configs.builder()
                .ranges(Configs.range("198.18.0.100", "198.18.0.102", Duration.ofHours(1))).build());
        Set<Inet4Address> given = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            given.add(f.bind(Client.numbered(i)));
        }
        assertThat(given).hasSize(3);
        assertThat(f.responder.poolFree()).isZero();

        Client fourth = Client.numbered(3);
        assertThat(f.ignored(fourth.discover())).isEqualTo(IgnoreReason.POOL_EXHAUSTED);
        assertThat(f.ignored(fourth.discover().requested(Configs.ip("198.18.0.101"))))
                .isEqualTo(IgnoreReason.POOL_EXHAUSTED);
        assertThat(f.reply(fourth.initReboot(Configs.ip("198.18.0.101")), DhcpMessageType.NAK)).isNotNull();

        f.handle(Client.numbered(1).release(f.leaseOf(Client.numbered(1)).orElseThrow().address()));
        assertThat(f.offer(fourth)).isIn(given);
    }

    @Test
    void offersAloneCanExhaustThePoolUntilTheyLapse() {
        Fixture f = new Fixture(Configs.builder()
                .ranges(Configs.range("198.18.0.100", "198.18.0.102", Duration.ofHours(1))).build());
        for (int i = 0; i < 3; i++) {
            f.offer(Client.numbered(i));
        }
        assertThat(f.ignored(Client.numbered(3).discover())).isEqualTo(IgnoreReason.POOL_EXHAUSTED);

        f.advance(DhcpSettings.OFFER_HOLD);

        assertThat(f.offer(Client.numbered(3))).isNotNull();
    }

    @Test
    void theLeaseLimitStopsNewClientsButNotTheOnesWithLeases() {
        Fixture f = new Fixture(Configs.builder().maxLeases(2).build());
        Client a = Client.numbered(1);
        Client b = Client.numbered(2);
        Client c = Client.numbered(3);
        Inet4Address first = f.bind(a);
        f.bind(b);

        assertThat(f.ignored(c.discover())).isEqualTo(IgnoreReason.LEASE_LIMIT);
        assertThat(f.ignored(c.initReboot(Configs.ip("198.18.0.150")))).isEqualTo(IgnoreReason.LEASE_LIMIT);
        assertThat(f.responder.leases()).hasSize(2);

        assertThat(f.reply(a.renew(first), DhcpMessageType.ACK).yiaddr()).isEqualTo(first);
        assertThat(f.offer(a)).isEqualTo(first);
        Inet4Address moved = Configs.ip(first.equals(Configs.ip("198.18.0.150")) ? "198.18.0.151" : "198.18.0.150");
        assertThat(f.reply(a.initReboot(moved), DhcpMessageType.ACK).yiaddr()).as("moving is not a new lease")
                .isEqualTo(moved);

        f.handle(b.release(f.leaseOf(b).orElseThrow().address()));
        assertThat(f.bind(c)).isNotNull();
    }

    @Test
    void outstandingOffersCannotTakeTheLeaseCountPastTheLimit() {
        Fixture f = new Fixture(Configs.builder().maxLeases(1).build());
        Client a = Client.numbered(1);
        Client b = Client.numbered(2);
        Inet4Address offeredToA = f.offer(a);
        Inet4Address offeredToB = f.offer(b);

        assertThat(f.reply(a.select(offeredToA), DhcpMessageType.ACK)).isNotNull();
        Outcome second = f.handle(b.select(offeredToB));

        assertThat(f.responder.leases()).as("max_leases 1").hasSize(1);
        assertThat(second).isNotInstanceOf(Outcome.Answer.class);
        assertThat(f.log.puts()).hasSize(1);
    }

    @Test
    void aReservedClientIsStillServedWhenTheLeaseLimitIsReached() {
        Fixture f = new Fixture(Configs.builder().maxLeases(1)
                .reservation(Configs.byMac("52:54:00:00:00:05", "198.18.0.5", "printer", null)).build());
        f.bind(Client.numbered(1));
        Client printer = Client.mac("52:54:00:00:00:05");

        assertThat(f.bind(printer)).isEqualTo(Configs.ip("198.18.0.5"));
        f.handle(printer.release(Configs.ip("198.18.0.5")));
        assertThat(f.reply(printer.initReboot(Configs.ip("198.18.0.5")), DhcpMessageType.ACK)).isNotNull();
    }
}
