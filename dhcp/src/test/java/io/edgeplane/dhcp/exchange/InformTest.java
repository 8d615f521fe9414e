package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import java.net.Inet4Address;
import org.junit.jupiter.api.Test;

/** DHCPINFORM (RFC 2131 §4.3.5): configuration only, no lease, answered to the client's own address. */
class InformTest {

    private static final Inet4Address STATIC = ip("198.18.0.30");

    private final Fixture f = new Fixture();
    private final Client client = Client.mac("52:54:00:12:34:56");

    @Test
    void anInformIsAnsweredWithOptionsButNoLease() {
        DhcpMessage inform = client.inform(STATIC).build();

        Outcome.Answer answer = (Outcome.Answer) f.handle(inform);

        DhcpMessage ack = answer.reply();
        assertThat(ack.messageType()).contains(DhcpMessageType.ACK);
        assertThat(ack.xid()).isEqualTo(inform.xid());
        assertThat(ack.yiaddr()).as("SHOULD NOT fill in yiaddr").isEqualTo(DhcpMessage.ANY);
        assertThat(ack.ciaddr()).isEqualTo(STATIC);
        assertThat(ack.options().leaseTime()).as("MUST NOT send a lease expiration time").isEmpty();
        assertThat(ack.options().contains(DhcpOptions.RENEWAL_TIME)).isFalse();
        assertThat(ack.options().contains(DhcpOptions.REBINDING_TIME)).isFalse();
        assertThat(ack.options().serverIdentifier()).contains(Configs.SERVER);
        assertThat(ack.options().address(DhcpOptions.SUBNET_MASK)).contains(ip("255.255.255.0"));
        assertThat(ack.options().addresses(DhcpOptions.ROUTERS)).containsExactly(Configs.SERVER);
        assertThat(ack.options().addresses(DhcpOptions.DOMAIN_NAME_SERVERS)).containsExactly(Configs.SERVER);
        assertThat(answer.delivery()).isEqualTo(new Delivery.ToAddress(STATIC, DhcpPorts.CLIENT));
        assertThat(answer.durable()).isFalse();
    }

    @Test
    void anInformChangesNoState() {
        long free = f.responder.poolFree();

        f.answer(client.inform(ip("198.18.0.150")));

        assertThat(f.responder.leases()).isEmpty();
        assertThat(f.log.entries).isEmpty();
        assertThat(f.responder.poolFree()).isEqualTo(free);
        assertThat(f.registry.names()).isEmpty();
    }

    @Test
    void anInformHonoursTheParameterRequestList() {
        DhcpOptions options = f.reply(client.inform(STATIC).prl(6), DhcpMessageType.ACK).options();

        assertThat(options.codes()).contains(DhcpOptions.DOMAIN_NAME_SERVERS);
        assertThat(options.codes()).doesNotContain(DhcpOptions.ROUTERS, DhcpOptions.DOMAIN_NAME);
    }

    @Test
    void aRelayedInformGoesBackThroughTheRelay() {
        Outcome.Answer answer = f.answer(client.inform(STATIC).giaddr(ip("198.18.0.254")));

        assertThat(answer.delivery()).isEqualTo(new Delivery.ToAddress(ip("198.18.0.254"), DhcpPorts.SERVER));
    }
}
