package io.edgeplane.dhcp.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import java.net.Inet4Address;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Probing before offering (RFC 2131 §4.4.1 "SHOULD probe the reused address before allocating", dnsmasq's ping):
 * a new address is first handed out as a {@link Outcome.Probe}; an answer to the probe keeps it back.
 */
class ProbeTest {

    private final Fixture f = new Fixture(Configs.builder().probe(true).build());
    private final Client client = Client.mac("52:54:00:12:34:56");

    private Inet4Address probe(Client who) {
        Outcome outcome = f.handle(who.discover());
        assertThat(outcome).isInstanceOf(Outcome.Probe.class);
        return ((Outcome.Probe) outcome).address();
    }

    @Test
    void aNewAddressIsProbedThenOfferedWhenNothingAnswers() {
        DhcpMessage discover = client.discover().build();
        Outcome first = f.handle(discover);
        assertThat(first).isInstanceOf(Outcome.Probe.class);
        Inet4Address probed = ((Outcome.Probe) first).address();

        f.responder.probed(probed, false);
        Outcome second = f.handle(discover);

        assertThat(second).isInstanceOf(Outcome.Answer.class);
        DhcpMessage offer = ((Outcome.Answer) second).reply();
        assertThat(offer.messageType()).contains(DhcpMessageType.OFFER);
        assertThat(offer.yiaddr()).isEqualTo(probed);
        assertThat(offer.xid()).isEqualTo(discover.xid());
    }

    @Test
    void theProbedAddressIsHeldWhileTheProbeRuns() {
        Inet4Address probed = probe(client);

        assertThat(f.pool().isFree(probed)).isFalse();
        for (int i = 0; i < 30; i++) {
            assertThat(probe(Client.numbered(i))).isNotEqualTo(probed);
        }
    }

    @Test
    void anAddressFoundInUseIsHeldBackAndAnotherOneIsProbed() {
        Inet4Address inUse = probe(client);

        f.responder.probed(inUse, true);

        assertThat(f.bindings().isHeldBack(inUse)).isTrue();
        assertThat(f.pool().isFree(inUse)).isFalse();
        assertThat(f.bindings().at(inUse)).as("the offer is gone with it").isEmpty();
        Inet4Address next = probe(client);
        assertThat(next).isNotEqualTo(inUse);
        f.responder.probed(next, false);
        assertThat(f.offer(client)).isEqualTo(next);
        assertThat(f.reply(Client.mac("52:54:00:00:00:02").initReboot(inUse), DhcpMessageType.NAK)).isNotNull();
    }

    @Test
    void anAddressFoundInUseIsOfferedAgainAfterTheConflictHold() {
        Fixture small = new Fixture(Configs.builder().probe(true)
                .ranges(Configs.range("198.18.0.100", "198.18.0.100", Duration.ofHours(1))).build());
        Outcome first = small.handle(client.discover());
        Inet4Address only = ((Outcome.Probe) first).address();
        small.responder.probed(only, true);

        assertThat(small.ignored(client.discover())).isEqualTo(IgnoreReason.POOL_EXHAUSTED);

        small.advance(DhcpSettings.CONFLICT_HOLD);
        assertThat(small.handle(client.discover())).isEqualTo(new Outcome.Probe(only));
    }

    @Test
    void aProbeIsTrustedForAWhileOnly() {
        Inet4Address probed = probe(client);
        f.responder.probed(probed, false);
        assertThat(f.offer(client)).isEqualTo(probed);

        f.clock.advance(DhcpResponder.PROBE_FRESHNESS.plusSeconds(1));

        assertThat(f.handle(client.discover())).as("the offer is still held, but the probe is stale")
                .isEqualTo(new Outcome.Probe(probed));
    }

    @Test
    void aClientRenewingOrRebootingIsNotProbed() {
        Inet4Address probed = probe(client);
        f.responder.probed(probed, false);
        f.offer(client);
        f.reply(client.select(probed), DhcpMessageType.ACK);
        f.clock.advance(Duration.ofMinutes(40));

        assertThat(f.answer(client.discover()).reply().yiaddr()).isEqualTo(probed);
        assertThat(f.reply(client.renew(probed), DhcpMessageType.ACK).yiaddr()).isEqualTo(probed);
    }

    @Test
    void aReservedAddressIsNotProbedAsDnsmasqDoesNotPingDhcpHostAddresses() {
        Fixture reserved = new Fixture(Configs.builder().probe(true)
                .reservation(Configs.byMac("52:54:00:12:34:56", "198.18.0.5", null, null)).build());

        assertThat(reserved.answer(client.discover()).reply().yiaddr()).isEqualTo(Configs.ip("198.18.0.5"));
    }

    @Test
    void aProbeResultForAnAddressNobodyWasOfferedIsHarmless() {
        f.responder.probed(Configs.ip("198.18.0.150"), false);
        f.responder.probed(Configs.ip("198.18.0.151"), true);

        assertThat(f.pool().isFree(Configs.ip("198.18.0.151"))).isFalse();
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize() - 1);
        f.advance(DhcpSettings.CONFLICT_HOLD);
        assertThat(f.responder.poolFree()).isEqualTo(f.responder.poolSize());
    }
}
