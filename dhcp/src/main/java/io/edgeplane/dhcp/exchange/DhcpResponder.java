package io.edgeplane.dhcp.exchange;

import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.lease.ClientId;
import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.dhcp.pool.AddressPool;
import io.edgeplane.dhcp.pool.Binding;
import io.edgeplane.dhcp.pool.Bindings;
import io.edgeplane.dhcp.pool.ClientKey;
import io.edgeplane.dhcp.pool.Ipv4Ints;
import java.net.Inet4Address;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The DHCP server's decisions (RFC 2131 §4.3), with dnsmasq's choices where the RFC leaves room: a returning client
 * gets its previous address, a reserved client its fixed one, a new client a free address spread by a hash of its
 * identity; requests for addresses the server knows to be wrong are NAKed, and with {@code authoritative} so are
 * those it does not know. It changes state and writes the lease log, and says what to answer; it never does I/O
 * or blocks. One thread calls it.
 */
public final class DhcpResponder {

    /** How long an address that answered no probe may be offered without probing it again. */
    static final Duration PROBE_FRESHNESS = Duration.ofSeconds(30);
    private static final int PROBE_CACHE_SIZE = 65_536;
    private static final Duration MIN_LEASE = Duration.ofMinutes(2);

    private final Clock clock;
    private final LeaseLog log;
    private final LeaseNames names;
    private final Bindings bindings;
    private final Map<Inet4Address, Instant> probedClear = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Inet4Address, Instant> eldest) {
            return size() > PROBE_CACHE_SIZE;
        }
    };
    private DhcpSettings settings;
    private ReplyFactory replies;
    private AddressPool pool;

    public DhcpResponder(DhcpSettings settings, LeaseLog log, LeaseNames names, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.names = Objects.requireNonNull(names, "names");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bindings = new Bindings(Math.max(1024, settings.config().maxLeases() * 2));
        install(settings);
    }

    /** Takes in the leases read back from the journal at start: live ones are bound again, expired ones remembered. */
    public void restore(Collection<Lease> leases) {
        Instant now = clock.instant();
        for (Lease lease : leases) {
            ClientKey client = keyOf(lease);
            if (!lease.expiredAt(now) && servable(lease.address(), client)) {
                bind(lease, client);
            } else {
                log.remove(lease.address());
                bindings.remember(client, lease.address());
                // On a reload the lease's name is in DNS: a lease that ends takes its name along.
                lease.hostName().ifPresent(n -> names.release(n, lease.address()));
            }
        }
    }

    /** Switches to new settings (a reload): the pool is rebuilt, leases that still fit are kept, offers dropped. */
    public void reconfigure(DhcpSettings newSettings) {
        List<Lease> leases = leases();
        for (Binding binding : bindings.all()) {
            bindings.remove(binding.address());
        }
        List<Inet4Address> heldBack = bindings.heldBack();
        install(newSettings);
        heldBack.forEach(pool::take);
        restore(leases);
    }

    /** The leases held now (not offers), for the admin API and compaction. */
    public List<Lease> leases() {
        List<Lease> leases = new ArrayList<>();
        for (Binding binding : bindings.all()) {
            if (binding instanceof Binding.Leased leased) {
                leases.add(leased.lease());
            }
        }
        return leases;
    }

    /** How many leases are held now. */
    public int leaseCount() {
        return bindings.leaseCount();
    }

    /** How many addresses the ranges hold, and how many are free. */
    public long poolSize() {
        return pool.size();
    }

    public long poolFree() {
        return pool.free();
    }

    /** When {@link #tick} next has something to do. */
    public Optional<Instant> nextDeadline() {
        return bindings.nextDeadline();
    }

    /** Expires leases and lapsed offers and holds whose time has come; returns how many leases expired. */
    public int tick() {
        int expired = 0;
        for (Bindings.Lapsed lapsed : bindings.lapse(clock.instant())) {
            if (lapsed.binding().orElse(null) instanceof Binding.Leased leased) {
                log.remove(lapsed.address());
                leased.lease().hostName().ifPresent(n -> names.release(n, lapsed.address()));
                expired++;
            }
            freeIfUnused(lapsed.address());
        }
        return expired;
    }

    /** The result of an {@link Outcome.Probe}: an address found in use is held back and not offered. */
    public void probed(Inet4Address address, boolean inUse) {
        if (inUse) {
            Optional<Binding> binding = bindings.at(address);
            if (binding.isPresent() && binding.get() instanceof Binding.Offered) {
                bindings.remove(address);
            }
            bindings.holdBack(address, clock.instant().plus(DhcpSettings.CONFLICT_HOLD));
            pool.take(address);
        } else {
            probedClear.put(address, clock.instant());
        }
    }

    /** What to do about one request. */
    public Outcome handle(DhcpRequest request) {
        DhcpMessage message = request.message();
        Optional<DhcpMessageType> type = message.messageType();
        if (message.op() != DhcpMessage.BOOTREQUEST || type.isEmpty() || !type.get().fromClient()) {
            return new Outcome.Ignored(IgnoreReason.NOT_A_REQUEST, "op " + message.op() + ", type " + type);
        }
        return switch (type.get()) {
            case DISCOVER -> discover(message);
            case REQUEST -> request(message);
            case DECLINE -> decline(message);
            case RELEASE -> release(message);
            case INFORM -> inform(message);
            default -> new Outcome.Ignored(IgnoreReason.NOT_A_REQUEST, "type " + type.get());
        };
    }

    private Outcome discover(DhcpMessage message) {
        Instant now = clock.instant();
        ClientKey client = keyOf(message);
        Optional<Reservation> reservation = reservationOf(message);
        Inet4Address address;
        Duration lease;
        if (reservation.isPresent() && takeable(reservation.get().address(), client)
                && onClientNetwork(message, reservation.get().address())) {
            address = reservation.get().address();
            lease = reservation.get().lease();
        } else {
            Optional<Binding> current = bindings.of(client);
            if (current.isEmpty() && bindings.leaseCount() >= settings.config().maxLeases()) {
                return new Outcome.Ignored(IgnoreReason.LEASE_LIMIT, settings.config().maxLeases() + " leases held");
            }
            Optional<Inet4Address> chosen = chooseDynamic(message, client, current);
            if (chosen.isEmpty()) {
                return new Outcome.Ignored(IgnoreReason.POOL_EXHAUSTED, "no free address for " + client);
            }
            address = chosen.get();
            lease = settings.rangeLease(address);
            boolean leasedToClient = current.isPresent() && current.get() instanceof Binding.Leased
                    && current.get().address().equals(address);
            if (settings.config().probe() && !leasedToClient && !freshlyProbed(address, now)) {
                // Hold the address while the probe runs, so another client is not offered it meanwhile.
                place(new Binding.Offered(address, client, now.plus(DhcpSettings.OFFER_HOLD)));
                return new Outcome.Probe(address);
            }
        }
        if (!(bindings.of(client).orElse(null) instanceof Binding.Leased held && held.address().equals(address))) {
            place(new Binding.Offered(address, client, now.plus(DhcpSettings.OFFER_HOLD)));
        }
        Optional<String> name = reservation.filter(r -> r.address().equals(address)).flatMap(Reservation::name)
                .or(() -> ClientHostName.of(message.options()));
        DhcpMessage offer = replies.lease(message, DhcpMessageType.OFFER, address, requestedLease(message, lease), name);
        return new Outcome.Answer(offer, ReplyFactory.deliveryOf(message, offer), false);
    }

    private Outcome request(DhcpMessage message) {
        Optional<Inet4Address> serverId = message.options().serverIdentifier();
        ClientKey client = keyOf(message);
        if (serverId.isPresent() && !serverId.get().equals(settings.identity().address())) {
            // SELECTING another server's offer: withdraw ours (RFC 2131 §4.3.2).
            if (bindings.of(client).orElse(null) instanceof Binding.Offered offered) {
                bindings.remove(offered.address());
                freeIfUnused(offered.address());
            }
            return new Outcome.Ignored(IgnoreReason.OTHER_SERVER, "client chose " + serverId.get().getHostAddress());
        }
        Optional<Inet4Address> requested = message.options().requestedAddress();
        Inet4Address address;
        if (requested.isPresent()) {
            address = requested.get();
        } else if (!message.ciaddr().equals(DhcpMessage.ANY)) {
            address = message.ciaddr();
        } else {
            return new Outcome.Ignored(IgnoreReason.MALFORMED_REQUEST, "a REQUEST with no option 50 and no ciaddr");
        }
        return acknowledge(message, client, address, serverId.isPresent());
    }

    private Outcome acknowledge(DhcpMessage message, ClientKey client, Inet4Address address, boolean selecting) {
        boolean authoritative = settings.config().authoritative();
        if (!onClientNetwork(message, address)) {
            return refuse(message, authoritative || selecting, "wrong network");
        }
        Optional<Reservation> reservation = reservationOf(message);
        if (reservation.isPresent() && !reservation.get().address().equals(address)
                && takeable(reservation.get().address(), client)) {
            return nak(message, "address reserved for this client is " + reservation.get().address().getHostAddress());
        }
        Optional<Reservation> reservedAt = settings.reservationAt(address);
        if (reservedAt.isPresent() && !reservedAt.equals(reservation)) {
            return nak(message, "address reserved");
        }
        Optional<Binding> existing = bindings.at(address);
        if (existing.isPresent() && !existing.get().client().equals(client)) {
            return nak(message, "address in use");
        }
        if (existing.isEmpty()) {
            if (bindings.isHeldBack(address)) {
                return nak(message, "address not available");
            }
            if (!selecting && !authoritative && bindings.of(client).isEmpty()) {
                // INIT-REBOOT or RENEWING by a client this server never leased to: another server's client, as far
                // as a non-authoritative server knows (dnsmasq without dhcp-authoritative stays silent too).
                return new Outcome.Ignored(IgnoreReason.NOT_AUTHORITATIVE, "no lease of " + client);
            }
            boolean known = reservedAt.isPresent() || pool.contains(address);
            if (!known) {
                return refuse(message, authoritative || selecting, "address not in a range of this server");
            }
            if (reservedAt.isEmpty() && !pool.isFree(address)) {
                return nak(message, "address not available");
            }
        }
        // Also when the client holds our offer: offers are not counted, so each one could become a lease past the
        // limit. A reservation is exempt, as in discover().
        boolean hasLease = bindings.of(client).orElse(null) instanceof Binding.Leased;
        if (!hasLease && reservedAt.isEmpty() && bindings.leaseCount() >= settings.config().maxLeases()) {
            return new Outcome.Ignored(IgnoreReason.LEASE_LIMIT, settings.config().maxLeases() + " leases held");
        }
        Duration leaseTime = requestedLease(message, reservedAt.map(Reservation::lease)
                .orElseGet(() -> settings.rangeLease(address)));
        Optional<String> name = reservedAt.flatMap(Reservation::name).or(() -> ClientHostName.of(message.options()));
        Optional<ClientId> clientId = message.options().clientIdentifier()
                .filter(id -> id.length > 0 && id.length <= ClientId.MAX_LENGTH).map(ClientId::new);
        Lease lease = new Lease(address, message.chaddr(), clientId, name, clock.instant().plus(leaseTime));
        Optional<String> previousName = bindings.at(address).orElse(null) instanceof Binding.Leased old
                ? old.lease().hostName() : Optional.empty();
        bind(lease, client);
        previousName.filter(n -> !Optional.of(n).equals(name)).ifPresent(n -> names.release(n, address));
        log.put(lease);
        DhcpMessage ack = replies.lease(message, DhcpMessageType.ACK, address, leaseTime, name);
        return new Outcome.Answer(ack, ReplyFactory.deliveryOf(message, ack), true);
    }

    private Outcome decline(DhcpMessage message) {
        Optional<Inet4Address> serverId = message.options().serverIdentifier();
        if (serverId.isPresent() && !serverId.get().equals(settings.identity().address())) {
            return new Outcome.Ignored(IgnoreReason.OTHER_SERVER, "DECLINE to " + serverId.get().getHostAddress());
        }
        Optional<Inet4Address> address = message.options().requestedAddress();
        if (address.isEmpty() || !ownedBy(address.get(), keyOf(message))) {
            return new Outcome.Ignored(IgnoreReason.UNKNOWN_LEASE, "DECLINE of an address the client does not hold");
        }
        end(address.get());
        bindings.holdBack(address.get(), clock.instant().plus(settings.config().declineHold()));
        pool.take(address.get());
        return new Outcome.Ignored(IgnoreReason.NO_REPLY_EXPECTED, "declined " + address.get().getHostAddress());
    }

    private Outcome release(DhcpMessage message) {
        Optional<Inet4Address> serverId = message.options().serverIdentifier();
        if (serverId.isPresent() && !serverId.get().equals(settings.identity().address())) {
            return new Outcome.Ignored(IgnoreReason.OTHER_SERVER, "RELEASE to " + serverId.get().getHostAddress());
        }
        Inet4Address address = message.ciaddr();
        if (!ownedBy(address, keyOf(message))) {
            return new Outcome.Ignored(IgnoreReason.UNKNOWN_LEASE, "RELEASE of " + address.getHostAddress()
                    + ", which the client does not hold");
        }
        end(address);
        freeIfUnused(address);
        return new Outcome.Ignored(IgnoreReason.NO_REPLY_EXPECTED, "released " + address.getHostAddress());
    }

    private Outcome inform(DhcpMessage message) {
        DhcpMessage ack = replies.informAck(message);
        return new Outcome.Answer(ack, ReplyFactory.deliveryOf(message, ack), false);
    }

    /** Only addresses on the client's network: what acknowledge() would refuse must not be offered (§4.3.1). */
    private Optional<Inet4Address> chooseDynamic(DhcpMessage message, ClientKey client, Optional<Binding> current) {
        if (current.isPresent() && pool.contains(current.get().address())
                && settings.reservationAt(current.get().address()).isEmpty()
                && onClientNetwork(message, current.get().address())) {
            return Optional.of(current.get().address());
        }
        Optional<Inet4Address> remembered = bindings.remembered(client).filter(a -> offerable(message, a));
        if (remembered.isPresent()) {
            return remembered;
        }
        Optional<Inet4Address> requested = message.options().requestedAddress().filter(a -> offerable(message, a));
        if (requested.isPresent()) {
            return requested;
        }
        return pool.findFree(client.spread(), range -> onClientNetwork(message, Ipv4Ints.address(range.first())));
    }

    private boolean offerable(DhcpMessage message, Inet4Address address) {
        return pool.isFree(address) && !address.equals(settings.identity().address())
                && onClientNetwork(message, address);
    }

    private boolean onClientNetwork(DhcpMessage message, Inet4Address address) {
        if (message.giaddr().equals(DhcpMessage.ANY)) {
            return settings.identity().inSubnet(address);
        }
        return Ipv4Ints.sameNetwork(message.giaddr(), address, settings.netmaskFor(address));
    }

    private boolean takeable(Inet4Address address, ClientKey client) {
        Optional<Binding> binding = bindings.at(address);
        return (binding.isEmpty() || binding.get().client().equals(client)) && !bindings.isHeldBack(address);
    }

    private boolean ownedBy(Inet4Address address, ClientKey client) {
        return bindings.at(address).orElse(null) instanceof Binding.Leased leased && leased.client().equals(client);
    }

    private boolean servable(Inet4Address address, ClientKey client) {
        Optional<Reservation> reserved = settings.reservationAt(address);
        return reserved.isPresent() || (pool.contains(address) && !address.equals(settings.identity().address()));
    }

    private void bind(Lease lease, ClientKey client) {
        place(new Binding.Leased(lease, client));
        lease.hostName().ifPresent(n -> names.assign(n, lease.address()));
    }

    /** Binds, ending what the binding displaces: the client's binding elsewhere, or an old binding of the address. */
    private void place(Binding binding) {
        for (Binding displaced : bindings.put(binding)) {
            if (displaced.address().equals(binding.address())) {
                continue;
            }
            if (displaced instanceof Binding.Leased leased) {
                log.remove(displaced.address());
                leased.lease().hostName().ifPresent(n -> names.release(n, displaced.address()));
            }
            freeIfUnused(displaced.address());
        }
        pool.take(binding.address());
    }

    private void end(Inet4Address address) {
        bindings.remove(address).ifPresent(b -> {
            if (b instanceof Binding.Leased leased) {
                log.remove(address);
                leased.lease().hostName().ifPresent(n -> names.release(n, address));
            }
        });
    }

    private void freeIfUnused(Inet4Address address) {
        if (bindings.at(address).isEmpty() && !bindings.isHeldBack(address)
                && settings.reservationAt(address).isEmpty() && !address.equals(settings.identity().address())) {
            pool.release(address);
        }
    }

    private boolean freshlyProbed(Inet4Address address, Instant now) {
        Instant at = probedClear.get(address);
        return at != null && !now.isAfter(at.plus(PROBE_FRESHNESS));
    }

    private Outcome refuse(DhcpMessage message, boolean answer, String reason) {
        return answer ? nak(message, reason) : new Outcome.Ignored(IgnoreReason.NOT_AUTHORITATIVE, reason);
    }

    private Outcome nak(DhcpMessage message, String reason) {
        DhcpMessage nak = replies.nak(message, reason);
        return new Outcome.Answer(nak, ReplyFactory.deliveryOf(message, nak), false);
    }

    /** The lease time: the configured one, or a shorter one the client asked for (never under two minutes). */
    private static Duration requestedLease(DhcpMessage message, Duration configured) {
        var asked = message.options().leaseTime();
        if (asked.isPresent()) {
            Duration wanted = Duration.ofSeconds(asked.getAsLong());
            if (wanted.compareTo(configured) < 0) {
                return wanted.compareTo(MIN_LEASE) < 0 ? MIN_LEASE : wanted;
            }
        }
        return configured;
    }

    private Optional<Reservation> reservationOf(DhcpMessage message) {
        return settings.reservationOf(message.options().clientIdentifier().map(ClientKey::ofClientId), message.chaddr());
    }

    private static ClientKey keyOf(DhcpMessage message) {
        return message.options().clientIdentifier().map(ClientKey::ofClientId)
                .orElseGet(() -> ClientKey.ofHardware(message.htype(), message.chaddr().bytes()));
    }

    private static ClientKey keyOf(Lease lease) {
        return lease.clientId().map(id -> ClientKey.ofClientId(id.bytes()))
                .orElseGet(() -> ClientKey.ofHardware(1, lease.hardwareAddress().bytes()));
    }

    private void install(DhcpSettings newSettings) {
        this.settings = Objects.requireNonNull(newSettings, "settings");
        this.replies = new ReplyFactory(newSettings);
        this.pool = new AddressPool(newSettings.ranges());
        pool.take(newSettings.identity().address());
        newSettings.reservations().keySet().forEach(pool::take);
        names.reserve(newSettings.reservations());
    }
}
