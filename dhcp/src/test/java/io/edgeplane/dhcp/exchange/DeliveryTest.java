package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import io.edgeplane.dhcp.codec.HardwareAddress;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where replies go, RFC 2131 §4.1: to the relay's port 67 when giaddr is set; a NAK broadcast when it is not; to
 * ciaddr port 68 when the client has an address; broadcast when the client set the broadcast bit; otherwise
 * unicast to the hardware address with yiaddr.
 */
class DeliveryTest {

    private static final Inet4Address RELAY = ip("198.18.0.254");

    private final Fixture f = new Fixture();
    private final Client client = Client.mac("52:54:00:aa:bb:cc");

    @Test
    void anOfferToAClientWithoutAnAddressGoesToItsHardwareAddress() {
        Outcome.Answer answer = f.answer(client.discover());

        assertThat(answer.delivery()).isEqualTo(new Delivery.ToHardware(answer.reply().yiaddr(), client.mac));
    }

    @Test
    void anAckToASelectingClientGoesToItsHardwareAddressToo() {
        Inet4Address offered = f.offer(client);

        Outcome.Answer answer = f.answer(client.select(offered));

        assertThat(answer.delivery()).isEqualTo(new Delivery.ToHardware(offered, client.mac));
    }

    @Test
    void theBroadcastBitMakesOffersAndAcksBroadcast() {
        Outcome.Answer offer = f.answer(client.discover().broadcast());
        assertThat(offer.delivery()).isEqualTo(new Delivery.Broadcast());
        assertThat(offer.reply().broadcast()).as("flags come back as the client sent them").isTrue();

        Outcome.Answer ack = f.answer(client.select(offer.reply().yiaddr()).broadcast());
        assertThat(ack.reply().messageType()).contains(DhcpMessageType.ACK);
        assertThat(ack.delivery()).isEqualTo(new Delivery.Broadcast());
    }

    @Test
    void aClientThatIsNotOnEthernetIsAnsweredByBroadcast() {
        // InfiniBand (htype 32) leaves chaddr empty; a frame cannot be addressed to it (RFC 4390).
        Outcome.Answer answer = f.answer(client.discover().hardware(32, new HardwareAddress(new byte[0])));

        assertThat(answer.delivery()).isEqualTo(new Delivery.Broadcast());
    }

    @Test
    void aClientWithAnAddressIsAnsweredByUnicastToItOnPort68() {
        Inet4Address address = f.bind(client);

        Outcome.Answer renew = f.answer(client.renew(address));
        assertThat(renew.delivery()).isEqualTo(new Delivery.ToAddress(address, DhcpPorts.CLIENT));

        Outcome.Answer broadcastBitIgnored = f.answer(client.rebind(address).broadcast());
        assertThat(broadcastBitIgnored.delivery()).as("ciaddr wins over the broadcast bit (§4.1)")
                .isEqualTo(new Delivery.ToAddress(address, DhcpPorts.CLIENT));
    }

    @Test
    void repliesThroughARelayGoToTheRelayOnPort67() {
        Outcome.Answer offer = f.answer(client.discover().giaddr(RELAY).broadcast());
        assertThat(offer.delivery()).isEqualTo(new Delivery.ToAddress(RELAY, DhcpPorts.SERVER));
        assertThat(offer.reply().giaddr()).as("giaddr is echoed for the relay").isEqualTo(RELAY);

        Outcome.Answer ack = f.answer(client.select(offer.reply().yiaddr()).giaddr(RELAY));
        assertThat(ack.reply().messageType()).contains(DhcpMessageType.ACK);
        assertThat(ack.delivery()).isEqualTo(new Delivery.ToAddress(RELAY, DhcpPorts.SERVER));

        Outcome.Answer renew = f.answer(client.renew(offer.reply().yiaddr()).giaddr(RELAY));
        assertThat(renew.delivery()).as("giaddr wins over ciaddr").isEqualTo(new Delivery.ToAddress(RELAY,
                DhcpPorts.SERVER));
    }

    @Test
    void theRelayAgentInformationComesBackUnchangedAsTheLastOption() {
        // RFC 3046 §2.2: a server echoes option 82 in all replies; relays use its circuit id to find the client's
        // port, and some drop replies that do not carry it back.
        byte[] agent = {1, 6, 'e', 't', 'h', '0', '/', '7', 2, 3, 0x0a, 0x0b, 0x0c};
        List<DhcpMessage> replies = new ArrayList<>();
        DhcpMessage offer = f.answer(client.discover().giaddr(RELAY).option(DhcpOptions.RELAY_AGENT_INFORMATION,
                agent)).reply();
        replies.add(offer);
        replies.add(f.answer(client.select(offer.yiaddr()).giaddr(RELAY)
                .option(DhcpOptions.RELAY_AGENT_INFORMATION, agent)).reply());
        replies.add(f.answer(client.initReboot(ip("10.1.1.1")).giaddr(RELAY)
                .option(DhcpOptions.RELAY_AGENT_INFORMATION, agent)).reply());
        replies.add(f.answer(client.inform(offer.yiaddr()).giaddr(RELAY)
                .option(DhcpOptions.RELAY_AGENT_INFORMATION, agent)).reply());

        assertThat(replies).extracting(r -> r.messageType().orElseThrow()).containsExactly(DhcpMessageType.OFFER,
                DhcpMessageType.ACK, DhcpMessageType.NAK, DhcpMessageType.ACK);
        for (DhcpMessage reply : replies) {
            assertThat(reply.options().relayAgentInformation()).as("%s", reply.messageType()).hasValue(agent);
            assertThat(List.copyOf(reply.options().codes()).getLast()).isEqualTo(DhcpOptions.RELAY_AGENT_INFORMATION);
        }
        assertThat(f.answer(client.discover()).reply().options().contains(DhcpOptions.RELAY_AGENT_INFORMATION))
                .as("none sent, none returned").isFalse();
    }

    @Test
    void aNakIsBroadcastEvenToAClientThatGaveItsAddress() {
        Outcome.Answer nak = f.answer(client.initReboot(ip("10.9.8.7")));
        assertThat(nak.reply().messageType()).contains(DhcpMessageType.NAK);
        assertThat(nak.delivery()).isEqualTo(new Delivery.Broadcast());

        Client other = Client.mac("52:54:00:aa:bb:cd");
        Inet4Address taken = f.bind(other);
        Outcome.Answer renewOfAnother = f.answer(client.renew(taken));
        assertThat(renewOfAnother.reply().messageType()).contains(DhcpMessageType.NAK);
        assertThat(renewOfAnother.delivery()).as("§4.1: when giaddr is zero, any DHCPNAK is broadcast")
                .isEqualTo(new Delivery.Broadcast());
    }

    @Test
    void aNakThroughARelayGoesToTheRelayWithTheBroadcastBitSet() {
        Outcome.Answer nak = f.answer(client.initReboot(ip("198.18.0.1")).giaddr(RELAY));

        assertThat(nak.reply().messageType()).contains(DhcpMessageType.NAK);
        assertThat(nak.delivery()).isEqualTo(new Delivery.ToAddress(RELAY, DhcpPorts.SERVER));
        assertThat(nak.reply().broadcast()).as("§4.3.2: the relay must broadcast it to the client").isTrue();
        assertThat(nak.reply().giaddr()).isEqualTo(RELAY);
    }

    @Test
    void aNakCarriesNoAddressesAndSaysWhy() {
        DhcpMessage nak = f.reply(client.initReboot(ip("10.9.8.7")), DhcpMessageType.NAK);

        assertThat(nak.ciaddr()).isEqualTo(DhcpMessage.ANY);
        assertThat(nak.yiaddr()).isEqualTo(DhcpMessage.ANY);
        assertThat(nak.siaddr()).isEqualTo(DhcpMessage.ANY);
        assertThat(nak.options().serverIdentifier()).contains(Configs.SERVER);
        assertThat(nak.options().string(DhcpOptions.MESSAGE)).hasValueSatisfying(
                m -> assertThat(m).isNotBlank());
        assertThat(nak.options().leaseTime()).as("Table 3: MUST NOT").isEmpty();
        assertThat(nak.options().requestedAddress()).isEmpty();
    }
}
