package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * INIT-REBOOT (RFC 2131 §4.3.2): option 50 and no server identifier. The server ACKs what it knows to be right,
 * NAKs what it knows to be wrong, and for what it does not know, answers when authoritative and keeps silent
 * otherwise.
 */
class InitRebootTest {

    private final Fixture f = new Fixture();
    private final Client client = Client.mac("52:54:00:12:34:56");
    private final Client other = Client.mac("52:54:00:65:43:21");

    @Test
    void aClientRebootingWithItsLeaseIsAcknowledged() {
        Inet4Address address = f.bind(client);
        f.clock.advance(Duration.ofMinutes(10));

        Outcome.Answer answer = f.answer(client.initReboot(address));

        assertThat(answer.reply().messageType()).contains(DhcpMessageType.ACK);
        assertThat(answer.reply().yiaddr()).isEqualTo(address);
        assertThat(answer.reply().ciaddr()).isEqualTo(DhcpMessage.ANY);
        assertThat(answer.durable()).isTrue();
        assertThat(f.log.puts()).hasSize(2);
        assertThat(f.leaseAt(address).orElseThrow().expires()).isEqualTo(f.clock.instant().plus(Duration.ofHours(1)));
    }

    @Test
    void aClientAskingForAnotherClientsAddressIsRefused() {
        Inet4Address taken = f.bind(other);

        DhcpMessage nak = f.reply(client.initReboot(taken), DhcpMessageType.NAK);

        assertThat(nak.options().string(DhcpOptions.MESSAGE)).isPresent();
        assertThat(f.leaseAt(taken).map(Fixture::keyOf)).contains(Fixture.keyOf(other));
        assertThat(f.log.puts()).hasSize(1);
    }

    @Test
    void anAddressOfferedToAnotherClientIsRefusedToo() {
        Inet4Address offered = f.offer(other);

        assertThat(f.reply(client.initReboot(offered), DhcpMessageType.NAK)).isNotNull();
        assertThat(f.reply(other.select(offered), DhcpMessageType.ACK).yiaddr()).isEqualTo(offered);
    }

    @Test
    void aClientFromAnotherNetworkIsRefusedWhenAuthoritative() {
        DhcpMessage nak = f.reply(client.initReboot(ip("10.1.2.3")), DhcpMessageType.NAK);

        assertThat(nak.options().string(DhcpOptions.MESSAGE)).contains("wrong network");
        assertThat(f.log.entries).isEmpty();
    }

    @Test
    void aClientFromAnotherNetworkIsLeftAloneWhenNotAuthoritative() {
        Fixture polite = new Fixture(Configs.builder().authoritative(false).build());

        assertThat(polite.ignored(client.initReboot(ip("10.1.2.3")))).isEqualTo(IgnoreReason.NOT_AUTHORITATIVE);
        assertThat(polite.log.entries).isEmpty();
    }

    @Test
    void anAddressOfTheSubnetOutsideEveryRangeIsRefusedOnlyWhenAuthoritative() {
        assertThat(f.reply(client.initReboot(ip("198.18.0.20")), DhcpMessageType.NAK)).isNotNull();

        Fixture polite = new Fixture(Configs.builder().authoritative(false).build());
        assertThat(polite.ignored(client.initReboot(ip("198.18.0.20")))).isEqualTo(IgnoreReason.NOT_AUTHORITATIVE);
    }

    @Test
    void anAddressKnownToBeAnotherClientsIsRefusedEvenWhenNotAuthoritative() {
        Fixture polite = new Fixture(Configs.builder().authoritative(false).build());
        Inet4Address taken = polite.bind(other);

        assertThat(polite.reply(client.initReboot(taken), DhcpMessageType.NAK)).isNotNull();
    }

    @Test
    void anUnknownClientRebootingWithAFreeAddressOfTheRangeIsAcknowledgedWhenAuthoritativeAsDnsmasqDoes() {
        // A server that lost its lease file, or a client whose lease this server never wrote: the address is
        // free and right for this network, so the client keeps it.
        Outcome.Answer answer = f.answer(client.initReboot(ip("198.18.0.123")).hostName("laptop"));

        assertThat(answer.reply().messageType()).contains(DhcpMessageType.ACK);
        assertThat(answer.reply().yiaddr()).isEqualTo(ip("198.18.0.123"));
        assertThat(answer.durable()).isTrue();
        assertThat(f.log.puts()).singleElement().satisfies(l -> assertThat(l.address()).isEqualTo(ip("198.18.0.123")));
        assertThat(f.registry.lookup("laptop.lan")).contains(List.of(ip("198.18.0.123")));
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize() - 1);
    }

    @Test
    void anUnknownClientRebootingIsLeftToItsOwnServerWhenNotAuthoritative() {
        // dnsmasq without dhcp-authoritative: a client this server never leased to belongs to another server.
        Fixture polite = new Fixture(Configs.builder().authoritative(false).build());

        assertThat(polite.ignored(client.initReboot(ip("198.18.0.123")))).isEqualTo(IgnoreReason.NOT_AUTHORITATIVE);
        assertThat(polite.log.entries).isEmpty();
        assertThat(polite.responder.poolFree()).isEqualTo(polite.responder.poolSize());
    }

    @Test
    void aClientMovingToAnotherFreeAddressGivesUpItsOldLease() {
        Inet4Address first = f.bind(client);
        Inet4Address second = ip(first.equals(ip("198.18.0.123")) ? "198.18.0.124" : "198.18.0.123");

        assertThat(f.reply(client.initReboot(second), DhcpMessageType.ACK).yiaddr()).isEqualTo(second);

        assertThat(f.leasedAddresses()).containsExactly(second);
        assertThat(f.log.replay().keySet()).containsExactly(second);
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize() - 1);
    }

    @Test
    void aRelayedClientOnAnotherNetworkThanTheRelayIsRefused() {
        // The relay's giaddr says which network the client is on; 198.18.0.x is not 198.19.0.0/24.
        Outcome.Answer answer = f.answer(client.initReboot(ip("198.18.0.123")).giaddr(ip("198.19.0.1")));

        assertThat(answer.reply().messageType()).contains(DhcpMessageType.NAK);
        assertThat(answer.delivery()).isEqualTo(new Delivery.ToAddress(ip("198.19.0.1"), DhcpPorts.SERVER));
    }

    @Test
    void aHeldBackAddressIsRefused() {
        Inet4Address address = f.bind(other);
        f.handle(other.decline(address));

        assertThat(f.reply(client.initReboot(address), DhcpMessageType.NAK)).isNotNull();
        assertThat(f.reply(other.initReboot(address), DhcpMessageType.NAK)).as("also to the client that declined it")
                .isNotNull();
    }
}
