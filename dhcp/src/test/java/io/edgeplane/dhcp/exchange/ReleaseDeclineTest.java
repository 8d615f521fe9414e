package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessageType;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * DHCPRELEASE and DHCPDECLINE (RFC 2131 §4.3.3, §4.3.4): no reply; a release frees the address, a decline marks
 * it not available for a while. Neither may touch a lease the sender does not hold.
 */
class ReleaseDeclineTest {

    private final Fixture f = new Fixture();
    private final Client client = Client.mac("52:54:00:12:34:56");
    private final Client other = Client.mac("52:54:00:65:43:21");

    @Test
    void aReleaseFreesTheAddressEndsTheLeaseAndTakesTheNameOutOfDns() {
        Inet4Address address = f.bind(client);
        f.reply(client.renew(address).hostName("laptop"), DhcpMessageType.ACK);
        long free = f.responder.poolFree();

        assertThat(f.ignored(client.release(address))).isEqualTo(IgnoreReason.NO_REPLY_EXPECTED);

        assertThat(f.responder.leases()).isEmpty();
        assertThat(f.log.removes()).containsExactly(address);
        assertThat(f.log.replay()).isEmpty();
        assertThat(f.registry.names()).isEmpty();
        assertThat(f.responder.poolFree()).isEqualTo(free + 1);
        assertThat(f.pool().isFree(address)).isTrue();
        assertThat(f.reply(other.initReboot(address), DhcpMessageType.ACK).yiaddr()).isEqualTo(address);
    }

    @Test
    void aReleaseWithoutServerIdentifierIsAcceptedToo() {
        Inet4Address address = f.bind(client);
        assertThat(f.ignored(client.releaseWithoutServerIdentifier(address))).isEqualTo(IgnoreReason.NO_REPLY_EXPECTED);
        assertThat(f.responder.leases()).isEmpty();
    }

    @Test
    void aReleaseOrDeclineFromAClientThatDoesNotHoldTheAddressChangesNothing() {
        Inet4Address address = f.bind(client);
        f.reply(client.renew(address).hostName("laptop"), DhcpMessageType.ACK);
        int logged = f.log.size();
        long free = f.responder.poolFree();
        var leases = f.responder.leases();

        assertThat(f.ignored(other.release(address))).isEqualTo(IgnoreReason.UNKNOWN_LEASE);
        assertThat(f.ignored(other.decline(address))).isEqualTo(IgnoreReason.UNKNOWN_LEASE);
        assertThat(f.ignored(client.release(ip("198.18.0.199").equals(address) ? ip("198.18.0.198")
                : ip("198.18.0.199")))).as("an address the client does not hold").isEqualTo(IgnoreReason.UNKNOWN_LEASE);
        assertThat(f.ignored(client.release(ip("10.0.0.1")))).isEqualTo(IgnoreReason.UNKNOWN_LEASE);

        assertThat(f.responder.leases()).isEqualTo(leases);
        assertThat(f.log.size()).isEqualTo(logged);
        assertThat(f.responder.poolFree()).isEqualTo(free);
        assertThat(f.registry.lookup("laptop.lan")).contains(List.of(address));
        assertThat(f.bindings().isHeldBack(address)).isFalse();
    }

    @Test
    void aReleaseOrDeclineOfAMereOfferChangesNothing() {
        Inet4Address offered = f.offer(client);

        assertThat(f.ignored(client.release(offered))).isEqualTo(IgnoreReason.UNKNOWN_LEASE);
        assertThat(f.ignored(client.decline(offered))).isEqualTo(IgnoreReason.UNKNOWN_LEASE);
        assertThat(f.reply(client.select(offered), DhcpMessageType.ACK).yiaddr()).isEqualTo(offered);
    }

    @Test
    void aReleaseOrDeclineAddressedToAnotherServerIsNotOurs() {
        Inet4Address address = f.bind(client);

        assertThat(f.ignored(client.release(address).server(ip("198.18.0.2")))).isEqualTo(IgnoreReason.OTHER_SERVER);
        assertThat(f.ignored(client.decline(address).server(ip("198.18.0.2")))).isEqualTo(IgnoreReason.OTHER_SERVER);
        assertThat(f.leaseAt(address)).isPresent();
        assertThat(f.log.removes()).isEmpty();
    }

    @Test
    void aDeclinedAddressIsHeldBackForTheDeclineHoldThenOfferedAgain() {
        Fixture small = new Fixture(Configs.builder()
                .ranges(Configs.range("198.18.0.100", "198.18.0.102", Duration.ofHours(1)))
                .declineHold(Duration.ofMinutes(10)).build());
        Inet4Address declined = small.bind(client);
        small.reply(client.renew(declined).hostName("laptop"), DhcpMessageType.ACK);

        assertThat(small.ignored(client.decline(declined))).isEqualTo(IgnoreReason.NO_REPLY_EXPECTED);

        assertThat(small.responder.leases()).isEmpty();
        assertThat(small.log.removes()).containsExactly(declined);
        assertThat(small.registry.names()).isEmpty();
        assertThat(small.responder.poolFree()).as("not available (§4.3.3)").isEqualTo(2);
        Inet4Address second = small.bind(other);
        Inet4Address third = small.bind(Client.mac("52:54:00:00:00:03"));
        assertThat(List.of(second, third)).doesNotContain(declined);
        Client fourth = Client.mac("52:54:00:00:00:04");
        assertThat(small.ignored(fourth.discover().requested(declined))).isEqualTo(IgnoreReason.POOL_EXHAUSTED);
        assertThat(small.ignored(client.discover())).as("not even to the client that declined it")
                .isEqualTo(IgnoreReason.POOL_EXHAUSTED);

        small.advance(Duration.ofMinutes(10).minusSeconds(1));
        assertThat(small.ignored(fourth.discover())).isEqualTo(IgnoreReason.POOL_EXHAUSTED);

        small.advance(Duration.ofSeconds(1));
        assertThat(small.responder.poolFree()).isEqualTo(1);
        assertThat(small.offer(fourth)).isEqualTo(declined);
    }

    @Test
    void aZeroDeclineHoldFreesTheAddressAtTheNextTick() {
        Fixture quick = new Fixture(Configs.builder().declineHold(Duration.ZERO).build());
        Inet4Address declined = quick.bind(client);
        quick.handle(client.decline(declined));

        quick.responder.tick();

        assertThat(quick.pool().isFree(declined)).isTrue();
        assertThat(quick.responder.poolFree()).isEqualTo(quick.responder.poolSize());
    }

    @Test
    void aClientThatDeclinedIsOfferedADifferentAddress() {
        Inet4Address declined = f.bind(client);
        f.handle(client.decline(declined));

        Inet4Address next = f.offer(client);

        assertThat(next).isNotEqualTo(declined);
        assertThat(f.reply(client.select(next), DhcpMessageType.ACK).yiaddr()).isEqualTo(next);
    }
}
