package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.SERVER;
import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import io.edgeplane.dhcp.lease.ClientId;
import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.dhcp.pool.Ipv4Ints;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** DISCOVER → OFFER and REQUEST (SELECTING) → ACK: the fields of RFC 2131 Table 3 and the options of RFC 2132. */
class OfferAndAckTest {

    private final Fixture f = new Fixture();
    private final Client client = Client.mac("52:54:00:12:34:56");

    @Test
    void aDiscoverIsOfferedAFreeAddressOfTheRange() {
        DhcpMessage discover = client.discover().build();

        Outcome.Answer answer = (Outcome.Answer) f.handle(discover);

        DhcpMessage offer = answer.reply();
        assertThat(offer.messageType()).contains(DhcpMessageType.OFFER);
        assertThat(offer.op()).isEqualTo(DhcpMessage.BOOTREPLY);
        assertThat(offer.xid()).as("xid from the client's DISCOVER").isEqualTo(discover.xid());
        assertThat(offer.chaddr()).isEqualTo(client.mac);
        assertThat(offer.htype()).isEqualTo(DhcpMessage.HTYPE_ETHERNET);
        assertThat(offer.hops()).isZero();
        assertThat(offer.secs()).isZero();
        assertThat(offer.ciaddr()).as("ciaddr of an OFFER is 0").isEqualTo(DhcpMessage.ANY);
        assertThat(offer.giaddr()).isEqualTo(DhcpMessage.ANY);
        assertThat(Ipv4Ints.of(offer.yiaddr()))
                .isBetween(Ipv4Ints.of(Configs.RANGE_FROM), Ipv4Ints.of(Configs.RANGE_TO));
        assertThat(answer.durable()).as("an OFFER promises nothing that must survive a crash").isFalse();
    }

    @Test
    void anOfferCarriesTheLeaseAndEveryOptionWhenTheClientSentNoParameterList() {
        DhcpOptions options = f.reply(client.discover(), DhcpMessageType.OFFER).options();

        assertThat(options.serverIdentifier()).contains(SERVER);
        assertThat(options.leaseTime()).hasValue(3600);
        assertThat(options.unsignedInt(DhcpOptions.RENEWAL_TIME)).as("T1 = lease / 2").hasValue(1800);
        assertThat(options.unsignedInt(DhcpOptions.REBINDING_TIME)).as("T2 = lease * 7/8").hasValue(3150);
        assertThat(options.address(DhcpOptions.SUBNET_MASK)).contains(ip("255.255.255.0"));
        assertThat(options.addresses(DhcpOptions.ROUTERS)).as("dnsmasq: the router is the server")
                .containsExactly(SERVER);
        assertThat(options.addresses(DhcpOptions.DOMAIN_NAME_SERVERS)).containsExactly(SERVER);
        assertThat(options.string(DhcpOptions.DOMAIN_NAME)).contains("lan");
        assertThat(options.address(DhcpOptions.BROADCAST_ADDRESS)).contains(ip("198.18.0.255"));
        // Table 3: MUST NOT in an OFFER.
        assertThat(options.contains(DhcpOptions.REQUESTED_ADDRESS)).isFalse();
        assertThat(options.contains(DhcpOptions.PARAMETER_REQUEST_LIST)).isFalse();
        assertThat(options.contains(DhcpOptions.MAX_MESSAGE_SIZE)).isFalse();
        assertThat(options.contains(DhcpOptions.HOST_NAME)).isFalse();
    }

    @Test
    void theParameterRequestListDecidesWhichSharedOptionsCome() {
        DhcpOptions options = f.reply(client.discover().prl(1, 3, 51), DhcpMessageType.OFFER).options();

        assertThat(options.codes()).contains(DhcpOptions.MESSAGE_TYPE, DhcpOptions.SERVER_IDENTIFIER,
                DhcpOptions.LEASE_TIME, DhcpOptions.RENEWAL_TIME, DhcpOptions.REBINDING_TIME, DhcpOptions.SUBNET_MASK,
                DhcpOptions.ROUTERS);
        assertThat(options.codes()).doesNotContain(DhcpOptions.DOMAIN_NAME_SERVERS, DhcpOptions.DOMAIN_NAME,
                DhcpOptions.BROADCAST_ADDRESS);

        DhcpOptions dnsOnly = f.reply(client.discover().prl(6, 15), DhcpMessageType.OFFER).options();
        assertThat(dnsOnly.codes()).contains(DhcpOptions.DOMAIN_NAME_SERVERS, DhcpOptions.DOMAIN_NAME,
                DhcpOptions.LEASE_TIME, DhcpOptions.SERVER_IDENTIFIER);
        assertThat(dnsOnly.codes()).doesNotContain(DhcpOptions.ROUTERS, DhcpOptions.BROADCAST_ADDRESS);
    }

    @Test
    void anEmptyParameterRequestListAsksForNoSharedOption() {
        DhcpOptions options = f.reply(client.discover().prl(), DhcpMessageType.OFFER).options();

        assertThat(options.codes()).doesNotContain(DhcpOptions.ROUTERS, DhcpOptions.DOMAIN_NAME_SERVERS,
                DhcpOptions.DOMAIN_NAME);
        assertThat(options.leaseTime()).as("the lease time is never optional in an OFFER").hasValue(3600);
    }

    @Test
    void ntpServersAndExtraOptionsAreSharedOptionsToo() {
        Fixture custom = new Fixture(Configs.builder().router("198.18.0.254").dnsServers("198.18.0.53", "198.18.0.54")
                .ntpServers("198.18.0.123").extra(Configs.textOption(252, "http://wpad.lan/wpad.dat")).domain(null)
                .build());

        DhcpOptions all = custom.reply(client.discover(), DhcpMessageType.OFFER).options();
        assertThat(all.addresses(DhcpOptions.ROUTERS)).containsExactly(ip("198.18.0.254"));
        assertThat(all.addresses(DhcpOptions.DOMAIN_NAME_SERVERS))
                .containsExactly(ip("198.18.0.53"), ip("198.18.0.54"));
        assertThat(all.addresses(DhcpOptions.NTP_SERVERS)).containsExactly(ip("198.18.0.123"));
        assertThat(all.string(252)).contains("http://wpad.lan/wpad.dat");
        assertThat(all.contains(DhcpOptions.DOMAIN_NAME)).as("no domain configured").isFalse();

        DhcpOptions asked = custom.reply(client.discover().prl(1, 3, 42), DhcpMessageType.OFFER).options();
        assertThat(asked.contains(DhcpOptions.NTP_SERVERS)).isTrue();
        assertThat(asked.contains(252)).isFalse();
    }

    @Test
    void theHostNameIsGivenBackOnlyWhenAsked() {
        DhcpOptions unasked = f.reply(client.discover().hostName("laptop"), DhcpMessageType.OFFER).options();
        assertThat(unasked.hostName()).isEmpty();

        DhcpOptions asked = f.reply(client.discover().hostName("Anna's iPhone").prl(1, 12),
                DhcpMessageType.OFFER).options();
        assertThat(asked.hostName()).as("the name as it will be in DNS").contains("anna-s-iphone");
    }

    @Test
    void anOfferIsNotWrittenToTheLeaseLogNorPutInDns() {
        f.reply(client.discover().hostName("laptop"), DhcpMessageType.OFFER);

        assertThat(f.log.entries).isEmpty();
        assertThat(f.registry.names()).isEmpty();
        assertThat(f.responder.leases()).as("an offer is not a lease").isEmpty();
    }

    @Test
    void anOfferHoldsItsAddressForTheClient() {
        long free = f.responder.poolFree();

        Inet4Address offered = f.offer(client);

        assertThat(f.responder.poolFree()).isEqualTo(free - 1);
        assertThat(f.offer(client)).as("the same client asking again is offered the same address").isEqualTo(offered);
        assertThat(f.responder.poolFree()).isEqualTo(free - 1);
        for (int i = 0; i < 50; i++) {
            assertThat(f.offer(Client.numbered(i))).as("no other client is offered it").isNotEqualTo(offered);
        }
    }

    @Test
    void aRequestForTheOfferedAddressIsAcknowledgedAndWrittenFirst() {
        Client named = Client.withClientId("52:54:00:12:34:56", "01525400123456");
        Inet4Address offered = f.offer(named);
        DhcpMessage request = named.select(offered).hostName("laptop").prl(1, 3, 6, 12, 15).build();

        Outcome.Answer answer = (Outcome.Answer) f.handle(request);

        DhcpMessage ack = answer.reply();
        assertThat(ack.messageType()).contains(DhcpMessageType.ACK);
        assertThat(ack.xid()).isEqualTo(request.xid());
        assertThat(ack.yiaddr()).isEqualTo(offered);
        assertThat(ack.ciaddr()).as("a SELECTING client has no ciaddr to echo").isEqualTo(DhcpMessage.ANY);
        assertThat(ack.options().serverIdentifier()).contains(SERVER);
        assertThat(ack.options().leaseTime()).hasValue(3600);
        assertThat(ack.options().hostName()).contains("laptop");
        assertThat(answer.durable()).as("an ACK goes out only once the lease is on disk").isTrue();

        Lease expected = new Lease(offered, named.mac, Optional.of(new ClientId(named.clientId.orElseThrow())),
                Optional.of("laptop"), Fixture.START.plus(Duration.ofHours(1)));
        assertThat(f.log.entries).containsExactly(new RecordingLeaseLog.Put(expected));
        assertThat(f.responder.leases()).containsExactly(expected);
        assertThat(f.registry.lookup("laptop.lan")).contains(List.of(offered));
    }

    @Test
    void anAckMovesTheClientsAddressFromOfferedToLeased() {
        Inet4Address address = f.bind(client);

        assertThat(f.responder.leases()).hasSize(1);
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize() - 1);
        assertThat(f.bindings().leaseCount()).isEqualTo(1);
        assertThat(f.leaseOf(client).orElseThrow().address()).isEqualTo(address);
    }

    @Test
    void aClientWithALeaseThatDiscoversAgainIsOfferedItsLeaseWithoutLosingIt() {
        Inet4Address address = f.bind(client);
        int logged = f.log.size();

        assertThat(f.offer(client)).isEqualTo(address);

        assertThat(f.leaseOf(client)).isPresent();
        assertThat(f.log.size()).as("nothing written for an offer of a held lease").isEqualTo(logged);
    }

    @Test
    void serverMessagesAndRepliesAreNotRequests() {
        assertThat(f.ignored(client.discover().reply())).isEqualTo(IgnoreReason.NOT_A_REQUEST);
        Client.Message offerFromAClient = client.discover().option(DhcpOptions.MESSAGE_TYPE,
                new byte[] {(byte) DhcpMessageType.OFFER.code()});
        assertThat(f.ignored(offerFromAClient)).isEqualTo(IgnoreReason.NOT_A_REQUEST);
        Client.Message nak = client.discover().option(DhcpOptions.MESSAGE_TYPE,
                new byte[] {(byte) DhcpMessageType.NAK.code()});
        assertThat(f.ignored(nak)).isEqualTo(IgnoreReason.NOT_A_REQUEST);
        assertThat(f.log.entries).isEmpty();
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize());
    }

    @Test
    void aRequestNamingNoAddressIsMalformed() {
        Client.Message nothing = client.discover().option(DhcpOptions.MESSAGE_TYPE,
                new byte[] {(byte) DhcpMessageType.REQUEST.code()});

        assertThat(f.ignored(nothing)).isEqualTo(IgnoreReason.MALFORMED_REQUEST);
    }

    @Test
    void theServersOwnAddressIsNeverHandedOut() {
        Fixture around = new Fixture(Configs.builder().ranges(Configs.range("198.18.0.1", "198.18.0.3",
                Duration.ofHours(1))).build());

        assertThat(around.responder.poolFree()).isEqualTo(2);
        Client a = Client.numbered(1);
        Client b = Client.numbered(2);
        Client c = Client.numbered(3);
        assertThat(List.of(around.bind(a), around.bind(b))).doesNotContain(SERVER);
        assertThat(around.ignored(c.discover().requested(SERVER))).isEqualTo(IgnoreReason.POOL_EXHAUSTED);
        assertThat(around.reply(c.initReboot(SERVER), DhcpMessageType.NAK).options().string(DhcpOptions.MESSAGE))
                .isPresent();
    }

    @Test
    void aHostNameIsSentAsText() {
        DhcpMessage ack = f.reply(client.discover().hostName("printer").prl(12), DhcpMessageType.OFFER);
        assertThat(new String(ack.options().get(DhcpOptions.HOST_NAME).orElseThrow(), StandardCharsets.US_ASCII))
                .isEqualTo("printer");
    }
}
