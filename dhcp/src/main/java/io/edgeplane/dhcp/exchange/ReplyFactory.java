package io.edgeplane.dhcp.exchange;

import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import io.edgeplane.dhcp.pool.Ipv4Ints;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Writes replies as RFC 2131 Table 3 lays them out, with the options RFC 2132 and dnsmasq would give: those the
 * client listed in its parameter request list (all of them when it sent no list), and always the subnet mask and
 * the times of an offered or acknowledged lease.
 */
final class ReplyFactory {

    /** A lease length and its three times in seconds, as options 51, 58 and 59 carry them. */
    private record LeaseTimes(Duration lease, long leaseSeconds, long renewalSeconds, long rebindingSeconds) {
    }

    private final DhcpSettings settings;
    /** The settings' shared options, and their codes in the map's order, taken out of the map once. */
    private final int[] sharedCodes;
    private final DhcpOptions shared;
    /**
     * The times of the last lease length asked for. Nearly every reply is for its range's lease, and working T1 and T2
     * out costs four Duration divisions and multiplications, which go through BigDecimal; one thread calls this.
     */
    private LeaseTimes lastTimes;

    ReplyFactory(DhcpSettings settings) {
        this.settings = settings;
        Map<Integer, byte[]> options = settings.sharedOptions();
        DhcpOptions.Builder shared = DhcpOptions.builder();
        this.sharedCodes = new int[options.size()];
        int i = 0;
        for (Map.Entry<Integer, byte[]> option : options.entrySet()) {
            sharedCodes[i++] = option.getKey();
            shared.put(option.getKey(), option.getValue());
        }
        this.shared = shared.build();
    }

    /** An OFFER or ACK of {@code address} for {@code lease}. */
    DhcpMessage lease(DhcpMessage request, DhcpMessageType type, Inet4Address address, Duration lease,
                      Optional<String> hostName) {
        LeaseTimes times = timesOf(lease);
        DhcpOptions.Builder options = DhcpOptions.builder().messageType(type)
                .address(DhcpOptions.SERVER_IDENTIFIER, settings.identity().address())
                .unsignedInt(DhcpOptions.LEASE_TIME, times.leaseSeconds())
                .unsignedInt(DhcpOptions.RENEWAL_TIME, times.renewalSeconds())
                .unsignedInt(DhcpOptions.REBINDING_TIME, times.rebindingSeconds())
                .address(DhcpOptions.SUBNET_MASK, settings.netmaskFor(address));
        addShared(request, options);
        if (!settings.onInterfaceNetwork(address)) {
            forRelayedNetwork(request, address, options);
        }
        if (hostName.isPresent() && request.options().inParameterRequestList(DhcpOptions.HOST_NAME)) {
            options.string(DhcpOptions.HOST_NAME, hostName.get());
        }
        // ciaddr is echoed in an ACK to a bound client (RENEWING, REBINDING) and zero in an OFFER (Table 3).
        Inet4Address ciaddr = type == DhcpMessageType.ACK ? request.ciaddr() : DhcpMessage.ANY;
        return reply(request, ciaddr, address, options);
    }

    /** An ACK to an INFORM: options only, no address and no lease time (RFC 2131 §4.3.5). */
    DhcpMessage informAck(DhcpMessage request) {
        DhcpOptions.Builder options = DhcpOptions.builder().messageType(DhcpMessageType.ACK)
                .address(DhcpOptions.SERVER_IDENTIFIER, settings.identity().address())
                .address(DhcpOptions.SUBNET_MASK, settings.netmaskFor(request.ciaddr()));
        addShared(request, options);
        return reply(request, request.ciaddr(), DhcpMessage.ANY, options);
    }

    /** A NAK, with the reason in option 56 as dnsmasq gives it. */
    DhcpMessage nak(DhcpMessage request, String reason) {
        DhcpOptions.Builder options = DhcpOptions.builder().messageType(DhcpMessageType.NAK)
                .address(DhcpOptions.SERVER_IDENTIFIER, settings.identity().address())
                .string(DhcpOptions.MESSAGE, reason);
        DhcpMessage reply = reply(request, DhcpMessage.ANY, DhcpMessage.ANY, options);
        if (!request.giaddr().equals(DhcpMessage.ANY)) {
            // A relay must broadcast the NAK on the client's network: the client's address is wrong (§4.3.2).
            reply = new DhcpMessage(reply.op(), reply.htype(), reply.hops(), reply.xid(), reply.secs(),
                    reply.flags() | DhcpMessage.BROADCAST_FLAG, reply.ciaddr(), reply.yiaddr(), reply.siaddr(),
                    reply.giaddr(), reply.chaddr(), reply.serverName(), reply.bootFileName(), reply.options());
        }
        return reply;
    }

    /** Where a reply goes (RFC 2131 §4.1). */
    static Delivery deliveryOf(DhcpMessage request, DhcpMessage reply) {
        if (!request.giaddr().equals(DhcpMessage.ANY)) {
            return new Delivery.ToAddress(request.giaddr(), DhcpPorts.SERVER);
        }
        boolean nak = reply.messageType().orElseThrow() == DhcpMessageType.NAK;
        if (nak) {
            return new Delivery.Broadcast();
        }
        if (!request.ciaddr().equals(DhcpMessage.ANY)) {
            return new Delivery.ToAddress(request.ciaddr(), DhcpPorts.CLIENT);
        }
        if (request.broadcast() || reply.yiaddr().equals(DhcpMessage.ANY)
                || request.htype() != DhcpMessage.HTYPE_ETHERNET || request.hlen() != 6) {
            return new Delivery.Broadcast();
        }
        return new Delivery.ToHardware(reply.yiaddr(), request.chaddr());
    }

    /**
     * A client behind a relay is on another network than the interface: the defaults taken from the interface (its
     * address as router, its broadcast address) would be wrong there, so its broadcast address is its own network's
     * and it gets a router only when one is configured, as dnsmasq does for relayed ranges.
     */
    private void forRelayedNetwork(DhcpMessage request, Inet4Address address, DhcpOptions.Builder options) {
        if (settings.config().options().router().isEmpty()) {
            options.remove(DhcpOptions.ROUTERS);
        }
        boolean asked = !request.options().contains(DhcpOptions.PARAMETER_REQUEST_LIST)
                || request.options().inParameterRequestList(DhcpOptions.BROADCAST_ADDRESS);
        if (settings.config().options().broadcast().isEmpty() && asked) {
            options.address(DhcpOptions.BROADCAST_ADDRESS, Ipv4Ints.broadcast(address, settings.netmaskFor(address)));
        }
    }

    private void addShared(DhcpMessage request, DhcpOptions.Builder options) {
        DhcpOptions asked = request.options();
        boolean all = !asked.contains(DhcpOptions.PARAMETER_REQUEST_LIST);
        for (int i = 0; i < sharedCodes.length; i++) {
            if (all || asked.inParameterRequestList(sharedCodes[i])) {
                options.copy(sharedCodes[i], shared);
            }
        }
    }

    private LeaseTimes timesOf(Duration lease) {
        LeaseTimes times = lastTimes;
        if (times == null || !times.lease().equals(lease)) {
            times = new LeaseTimes(lease, lease.toSeconds(), renewal(lease).toSeconds(), rebinding(lease).toSeconds());
            lastTimes = times;
        }
        return times;
    }

    private Duration renewal(Duration lease) {
        Duration configured = settings.config().options().renewalTime().orElse(lease.dividedBy(2));
        // T1 must come before T2 (RFC 2131 §4.4.5), in the whole seconds the options carry: before a configured T2
        // that fits the lease, else before the default T2.
        Duration latest = settings.config().options().rebindingTime().filter(t2 -> t2.compareTo(lease) < 0)
                .orElse(lease.multipliedBy(7).dividedBy(8));
        return configured.toSeconds() < latest.toSeconds() ? configured : lease.dividedBy(2);
    }

    private Duration rebinding(Duration lease) {
        Duration configured = settings.config().options().rebindingTime().orElse(lease.multipliedBy(7).dividedBy(8));
        Duration renewal = renewal(lease);
        return configured.compareTo(lease) < 0 && configured.toSeconds() > renewal.toSeconds()
                ? configured : lease.multipliedBy(7).dividedBy(8);
    }

    private static DhcpMessage reply(DhcpMessage request, Inet4Address ciaddr, Inet4Address yiaddr,
                                     DhcpOptions.Builder options) {
        // RFC 6842: the client identifier goes back, so a client can tell its replies apart on a shared chaddr.
        // RFC 3046 §2.2: the relay agent information goes back verbatim in every reply, as the last option.
        options.copy(DhcpOptions.CLIENT_IDENTIFIER, request.options())
                .copy(DhcpOptions.RELAY_AGENT_INFORMATION, request.options());
        return new DhcpMessage(DhcpMessage.BOOTREPLY, request.htype(), 0, request.xid(), 0, request.flags(), ciaddr,
                yiaddr, DhcpMessage.ANY, request.giaddr(), request.chaddr(), "", "", options.build());
    }
}
