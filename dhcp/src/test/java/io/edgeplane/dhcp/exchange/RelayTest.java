package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.dhcp.DhcpRangeConfig;
import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Clients behind a relay (RFC 2131 §4.3.1: "If 'giaddr' is set, the server selects an address from the subnet of
 * 'giaddr'"): what the server offers through a relay, it must acknowledge through the same relay, or the client
 * loops through DISCOVER, OFFER, REQUEST, NAK for ever.
 */
class RelayTest {

    /** The interface is 10.0.0.1/16; two /24 ranges inside it, each behind its own relay. */
    private static final ServerIdentity WIDE = new ServerIdentity(ip("10.0.0.1"), 16);
    private static final Inet4Address RELAY_1 = ip("10.0.1.1");
    private static final Inet4Address RELAY_2 = ip("10.0.2.1");

    private static DhcpRangeConfig range(String from, String to) {
        return new DhcpRangeConfig(ip(from), ip(to), Optional.of((InetAddress) ip("255.255.255.0")),
                Duration.ofHours(1));
    }

    private final Fixture f = new Fixture(Configs.builder()
            .ranges(range("10.0.1.10", "10.0.1.29"), range("10.0.2.10", "10.0.2.29")).build(), WIDE);

    @Test
    void aRelayedClientIsOfferedAnAddressOnTheRelaysSubnetAndGivenIt() {
        for (int i = 0; i < 20; i++) {
            Client client = Client.numbered(i);
            Inet4Address relay = i % 2 == 0 ? RELAY_1 : RELAY_2;

            DhcpMessage offer = f.reply(client.discover().giaddr(relay), DhcpMessageType.OFFER);

            assertThat(offer.yiaddr().getAddress()[2]).as("client %d via %s got %s", i, relay, offer.yiaddr())
                    .isEqualTo(relay.getAddress()[2]);
            assertThat(offer.options().address(DhcpOptions.SUBNET_MASK)).contains(ip("255.255.255.0"));
            DhcpMessage ack = f.reply(client.select(offer.yiaddr(), WIDE.address()).giaddr(relay),
                    DhcpMessageType.ACK);
            assertThat(ack.yiaddr()).isEqualTo(offer.yiaddr());
        }
    }

    @Test
    void aRelayedClientIsNotGivenItsRememberedOrRequestedAddressFromAnotherSubnet() {
        Client client = Client.mac("52:54:00:00:00:01");
        Inet4Address first = f.reply(client.discover().giaddr(RELAY_1).requested(ip("10.0.1.15")),
                DhcpMessageType.OFFER).yiaddr();
        f.reply(client.select(first, WIDE.address()).giaddr(RELAY_1), DhcpMessageType.ACK);
        f.handle(client.releaseWithoutServerIdentifier(first));
        assertThat(f.responder.leases()).isEmpty();

        DhcpMessage moved = f.reply(client.discover().giaddr(RELAY_2).requested(ip("10.0.1.16")),
                DhcpMessageType.OFFER);

        assertThat(moved.yiaddr().getAddress()[2]).isEqualTo((byte) 2);
        assertThat(f.reply(client.select(moved.yiaddr(), WIDE.address()).giaddr(RELAY_2), DhcpMessageType.ACK))
                .isNotNull();
    }

    @Test
    void aRelayOnANetworkWithoutARangeGetsNoOffer() {
        Client client = Client.mac("52:54:00:00:00:01");

        Outcome outcome = f.handle(client.discover().giaddr(ip("192.0.2.1")));

        assertThat(outcome).isInstanceOf(Outcome.Ignored.class);
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize());
    }

    @Test
    void aRelayedSubnetThatIsFullIsExhaustedEvenWhenAnotherHasRoom() {
        for (int i = 0; i < 20; i++) {
            f.reply(Client.numbered(i).discover().giaddr(RELAY_1), DhcpMessageType.OFFER);
        }

        assertThat(f.ignored(Client.numbered(99).discover().giaddr(RELAY_1))).isEqualTo(IgnoreReason.POOL_EXHAUSTED);
        assertThat(f.reply(Client.numbered(99).discover().giaddr(RELAY_2), DhcpMessageType.OFFER)).isNotNull();
    }

    @Test
    void aRangeOfANetworkBehindARelayOutsideTheInterfaceSubnetIsServedThroughTheRelay() {
        // dnsmasq's dhcp-range=192.0.2.10,192.0.2.29,255.255.255.0 for a relay on 192.0.2.1: not the interface's network.
        ServerIdentity local = new ServerIdentity(ip("10.0.0.1"), 24);
        Fixture remote = new Fixture(Configs.builder().ranges(range("192.0.2.10", "192.0.2.29")).build(), local);
        Client client = Client.mac("52:54:00:00:00:42");

        DhcpMessage offer = remote.reply(client.discover().giaddr(ip("192.0.2.1")).prl(1, 3, 6, 28),
                DhcpMessageType.OFFER);

        assertThat(offer.yiaddr().getHostAddress()).startsWith("192.0.2.");
        assertThat(offer.options().address(DhcpOptions.SUBNET_MASK)).contains(ip("255.255.255.0"));
        assertThat(offer.options().address(DhcpOptions.BROADCAST_ADDRESS)).contains(ip("192.0.2.255"));
        assertThat(offer.options().contains(DhcpOptions.ROUTERS)).as("no router unless configured").isFalse();
        assertThat(remote.reply(client.select(offer.yiaddr(), local.address()).giaddr(ip("192.0.2.1")),
                DhcpMessageType.ACK).yiaddr()).isEqualTo(offer.yiaddr());
        assertThat(remote.handle(Client.mac("52:54:00:00:00:43").discover()))
                .as("a client on the interface's own network is not offered the relayed range")
                .isInstanceOf(Outcome.Ignored.class);
    }

    @Test
    void aRangeOutsideTheInterfaceSubnetWithoutANetmaskIsRefused() {
        ServerIdentity local = new ServerIdentity(ip("10.0.0.1"), 24);
        assertThatThrownBy(() -> new Fixture(Configs.builder()
                .ranges(Configs.range("192.0.2.10", "192.0.2.29", Duration.ofHours(1))).build(), local))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dhcp.ranges[0].from 192.0.2.10 is not in the subnet of");
    }
}
