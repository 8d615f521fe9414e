package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.lease.Lease;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RENEWING and REBINDING (RFC 2131 §4.3.2, §4.4.5): ciaddr filled in, no option 50 or 54; the ACK echoes ciaddr,
 * goes to it on port 68, and extends the lease, which is written again.
 */
class RenewRebindTest {

    private final Fixture f = new Fixture();
    private final Client client = Client.mac("52:54:00:12:34:56");

    @Test
    void aRenewalExtendsTheLeaseFromNow() {
        Inet4Address address = f.bind(client);
        f.clock.advance(Duration.ofMinutes(30));
        Instant renewedAt = f.clock.instant();

        Outcome.Answer answer = f.answer(client.renew(address));

        assertThat(answer.reply().messageType()).contains(DhcpMessageType.ACK);
        assertThat(answer.reply().yiaddr()).isEqualTo(address);
        assertThat(answer.reply().ciaddr()).as("Table 3: ciaddr from the DHCPREQUEST").isEqualTo(address);
        assertThat(answer.delivery()).isEqualTo(new Delivery.ToAddress(address, DhcpPorts.CLIENT));
        assertThat(answer.durable()).isTrue();
        assertThat(answer.reply().options().leaseTime()).hasValue(3600);
        assertThat(f.log.puts()).hasSize(2);
        assertThat(f.log.puts().get(1).expires()).isEqualTo(renewedAt.plus(Duration.ofHours(1)));
        assertThat(f.leaseAt(address).orElseThrow().expires()).isEqualTo(renewedAt.plus(Duration.ofHours(1)));
    }

    @Test
    void aRebindingClientIsAnsweredTheSameWay() {
        Inet4Address address = f.bind(client);
        f.clock.advance(Duration.ofMinutes(53));

        Outcome.Answer answer = f.answer(client.rebind(address));

        assertThat(answer.reply().messageType()).contains(DhcpMessageType.ACK);
        assertThat(answer.reply().ciaddr()).isEqualTo(address);
        assertThat(answer.delivery()).isEqualTo(new Delivery.ToAddress(address, DhcpPorts.CLIENT));
        assertThat(f.log.puts()).hasSize(2);
    }

    @Test
    void aRenewedLeaseOutlivesItsFirstExpiry() {
        Inet4Address address = f.bind(client);
        f.clock.advance(Duration.ofMinutes(30));
        f.answer(client.renew(address));

        assertThat(f.advance(Duration.ofMinutes(45))).as("past the first expiry, before the second").isZero();
        assertThat(f.leaseAt(address)).isPresent();
        assertThat(f.log.removes()).isEmpty();

        assertThat(f.advance(Duration.ofMinutes(15))).isEqualTo(1);
        assertThat(f.leaseAt(address)).isEmpty();
    }

    @Test
    void renewingKeepsTheNameAndChangingItMovesIt() {
        Inet4Address address = f.bind(client);
        f.reply(client.renew(address).hostName("laptop"), DhcpMessageType.ACK);
        assertThat(f.registry.lookup("laptop.lan")).contains(List.of(address));

        f.reply(client.renew(address).hostName("laptop"), DhcpMessageType.ACK);
        assertThat(f.registry.names()).containsOnlyKeys("laptop.lan");

        f.reply(client.renew(address).hostName("desktop"), DhcpMessageType.ACK);
        assertThat(f.registry.names()).containsOnlyKeys("desktop.lan");
        assertThat(f.leaseAt(address).flatMap(Lease::hostName)).contains("desktop");
    }

    @Test
    void aClientRenewingAnAddressItDoesNotHoldIsRefused() {
        Client owner = Client.mac("52:54:00:00:00:01");
        Inet4Address theirs = f.bind(owner);

        assertThat(f.reply(client.renew(theirs), DhcpMessageType.NAK)).isNotNull();
        assertThat(f.leaseAt(theirs).map(Fixture::keyOf)).contains(Fixture.keyOf(owner));
    }

    @Test
    void aRenewalOfALeaseThatExpiredMeanwhileIsAcknowledgedWhileTheAddressIsFree() {
        Inet4Address address = f.bind(client);
        f.advance(Duration.ofHours(2));

        assertThat(f.reply(client.renew(address), DhcpMessageType.ACK).yiaddr()).isEqualTo(address);
        assertThat(f.leaseAt(address)).isPresent();
    }

    @Test
    void aRenewalFromAnotherNetworkIsRefusedWhenAuthoritative() {
        assertThat(f.reply(client.renew(ip("10.0.0.7")), DhcpMessageType.NAK)).isNotNull();

        Fixture polite = new Fixture(Configs.builder().authoritative(false).build());
        assertThat(polite.ignored(client.renew(ip("10.0.0.7")))).isEqualTo(IgnoreReason.NOT_AUTHORITATIVE);
    }
}
