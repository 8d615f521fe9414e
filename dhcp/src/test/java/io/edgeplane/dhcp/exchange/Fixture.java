package io.edgeplane.dhcp.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.dhcp.DhcpConfig;
import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.dhcp.pool.AddressPool;
import io.edgeplane.dhcp.pool.Bindings;
import io.edgeplane.dhcp.pool.ClientKey;
import java.lang.reflect.Field;
import java.net.Inet4Address;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A responder wired to a test clock, an in-memory lease log and a recording host registry. */
final class Fixture {

    static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

    final TestClock clock = new TestClock(START);
    final RecordingLeaseLog log = new RecordingLeaseLog();
    final RecordingHostRegistry registry = new RecordingHostRegistry();
    LeaseNames names;
    DhcpResponder responder;

    Fixture() {
        this(Configs.standard());
    }

    Fixture(DhcpConfig config) {
        this(config, Configs.IDENTITY);
    }

    Fixture(DhcpConfig config, ServerIdentity identity) {
        names = new LeaseNames(registry, config.options().domain());
        responder = new DhcpResponder(new DhcpSettings(config, identity), log, names, clock);
    }

    /**
     * A restart, as the server does it: the names go out of DNS, a new responder reads the leases back from the
     * log.
     */
    void restart(DhcpConfig config) {
        names.clear();
        names = new LeaseNames(registry, config.options().domain());
        responder = new DhcpResponder(new DhcpSettings(config, Configs.IDENTITY), log, names, clock);
        responder.restore(List.copyOf(log.replay().values()));
    }

    Outcome handle(Client.Message message) {
        return handle(message.build());
    }

    Outcome handle(DhcpMessage message) {
        return responder.handle(new DhcpRequest(message, message.ciaddr()));
    }

    Outcome.Answer answer(Client.Message message) {
        Outcome outcome = handle(message);
        assertThat(outcome).isInstanceOf(Outcome.Answer.class);
        return (Outcome.Answer) outcome;
    }

    /** The reply, checked to be of {@code type}. */
    DhcpMessage reply(Client.Message message, DhcpMessageType type) {
        DhcpMessage reply = answer(message).reply();
        assertThat(reply.messageType()).as("reply to %s", message).contains(type);
        return reply;
    }

    IgnoreReason ignored(Client.Message message) {
        Outcome outcome = handle(message);
        assertThat(outcome).isInstanceOf(Outcome.Ignored.class);
        return ((Outcome.Ignored) outcome).reason();
    }

    /** DISCOVER, expecting an OFFER; its address. */
    Inet4Address offer(Client client) {
        return reply(client.discover(), DhcpMessageType.OFFER).yiaddr();
    }

    /** DISCOVER then REQUEST (SELECTING), expecting an OFFER and an ACK of the same address; that address. */
    Inet4Address bind(Client client) {
        Inet4Address offered = offer(client);
        DhcpMessage ack = reply(client.select(offered), DhcpMessageType.ACK);
        assertThat(ack.yiaddr()).isEqualTo(offered);
        return offered;
    }

    /** DISCOVER asking for {@code address}, then REQUEST it; expects both to give that address. */
    Inet4Address bind(Client client, Inet4Address address) {
        assertThat(reply(client.discover().requested(address), DhcpMessageType.OFFER).yiaddr()).isEqualTo(address);
        assertThat(reply(client.select(address), DhcpMessageType.ACK).yiaddr()).isEqualTo(address);
        return address;
    }

    /** Moves time on and lets the responder expire what is due; how many leases expired. */
    int advance(Duration duration) {
        clock.advance(duration);
        return responder.tick();
    }

    Optional<Lease> leaseAt(Inet4Address address) {
        return responder.leases().stream().filter(l -> l.address().equals(address)).findFirst();
    }

    Optional<Lease> leaseOf(Client client) {
        return responder.leases().stream().filter(l -> keyOf(l).equals(keyOf(client))).findFirst();
    }

    List<Inet4Address> leasedAddresses() {
        return responder.leases().stream().map(Lease::address).toList();
    }

    static ClientKey keyOf(Client client) {
        return client.clientId.map(ClientKey::ofClientId)
                .orElseGet(() -> ClientKey.ofHardware(1, client.mac.bytes()));
    }

    static ClientKey keyOf(Lease lease) {
        return lease.clientId().map(id -> ClientKey.ofClientId(id.bytes()))
                .orElseGet(() -> ClientKey.ofHardware(1, lease.hardwareAddress().bytes()));
    }

    /** The responder's address pool (its state is private; tests read it to check invariants). */
    AddressPool pool() {
        return (AddressPool) field("pool");
    }

    Bindings bindings() {
        return (Bindings) field("bindings");
    }

    private Object field(String name) {
        try {
            Field field = DhcpResponder.class.getDeclaredField(name);
            field.setAccessible(true);
            return field.get(responder);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("DhcpResponder." + name + " is gone: " + Arrays.toString(
                    DhcpResponder.class.getDeclaredFields()), e);
        }
    }
}
