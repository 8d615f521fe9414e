package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.dhcp.DhcpConfig;
import io.edgeplane.config.dhcp.DhcpRangeConfig;
import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.dhcp.pool.AddressPool;
import io.edgeplane.dhcp.pool.Binding;
import io.edgeplane.dhcp.pool.Bindings;
import io.edgeplane.dhcp.pool.ClientKey;
import io.edgeplane.dhcp.pool.Ipv4Ints;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * 10,000 random operations by 200 clients over a 50-address range (discover, request in every state, renew,
 * release, decline, inform, probe results, time passing, now and then a reload or a restart), checking after every
 * step that the state is consistent: one binding per address and per client, the pool's bits exactly those of
 * bound, held and reserved addresses, the lease log a mirror of the leases, DNS naming only what is leased or
 * reserved, max_leases kept, and every ACK describing the lease the client holds afterwards.
 */
class DhcpResponderPropertyTest {

    private static final int STEPS = 10_000;
    private static final int CLIENTS = 200;
    private static final List<String> NAMES = List.of("laptop", "phone", "tv", "desk", "Anna's iPhone", "fixed",
            "outside", "***", "kitchen.example.com", "nas");
    private static final Inet4Address FIXED = ip("198.18.0.120");
    private static final Inet4Address OUTSIDE = ip("198.18.0.20");

    private Random random;
    private Fixture f;
    private DhcpConfig config;
    private DhcpConfig configA;
    private DhcpConfig configB;
    private List<Client> clients;
    private final Map<ClientKey, Client> byKey = new HashMap<>();
    private int step;
    private String lastOp = "";
    private final Map<String, Integer> outcomes = new HashMap<>();

    @ParameterizedTest(name = "seed {0}, probe {1}, authoritative {2}, max_leases {3}, reloads {4}")
    @CsvSource({
            "1, false, true, 1000, false",
            "2, true, false, 40, false",
            "3, true, true, 1000, true",
            "4, false, false, 30, true",
    })
    void randomOperationsKeepTheStateConsistent(long seed, boolean probe, boolean authoritative, int maxLeases,
                                                boolean reloads) {
        random = new Random(seed);
        configA = config(probe, authoritative, maxLeases, Configs.range("198.18.0.100", "198.18.0.149",
                Duration.ofHours(1)));
        configB = config(probe, authoritative, maxLeases, Configs.range("198.18.0.100", "198.18.0.139",
                Duration.ofMinutes(30)), Configs.range("198.18.0.150", "198.18.0.159", Duration.ofHours(2)));
        config = configA;
        f = new Fixture(config);
        clients = new ArrayList<>();
        clients.add(Client.mac("52:54:00:00:01:20"));
        clients.add(Client.withClientId("52:54:00:00:00:20", "ff0000000020"));
        while (clients.size() < CLIENTS) {
            byte[] mac = new byte[6];
            random.nextBytes(mac);
            mac[0] = (byte) ((mac[0] & 0xFC) | 0x02);
            String text = HexFormat.ofDelimiter(":").formatHex(mac);
            clients.add(random.nextInt(5) == 0
                    ? Client.withClientId(text, random.nextBoolean() ? "01" + text.replace(":", "")
                            : String.format("ff%06x", clients.size()))
                    : Client.mac(text));
        }
        clients.forEach(c -> byKey.put(Fixture.keyOf(c), c));
        assertThat(byKey).as("random MACs collided").hasSize(CLIENTS);

        for (step = 0; step < STEPS; step++) {
            Client client = clients.get(random.nextInt(CLIENTS));
            try {
                operate(client, reloads);
                checkInvariants();
            } catch (AssertionError e) {
                throw new AssertionError("seed " + seed + ", step " + step + ", " + lastOp + " by " + client + ": "
                        + e.getMessage(), e);
            }
        }
        assertThat(outcomes).as("the run reached every kind of answer: %s", outcomes)
                .containsKeys("OFFER", "ACK", "NAK", "NO_REPLY_EXPECTED", "UNKNOWN_LEASE", "OTHER_SERVER");
        assertThat(outcomes.keySet()).as("%s", outcomes).containsAnyOf("POOL_EXHAUSTED", "LEASE_LIMIT");
        if (probe) {
            assertThat(outcomes).containsKey("PROBE");
        }
    }

    private static DhcpConfig config(boolean probe, boolean authoritative, int maxLeases, DhcpRangeConfig... ranges) {
        return Configs.builder().ranges(ranges).probe(probe).authoritative(authoritative).maxLeases(maxLeases)
                .declineHold(Duration.ofMinutes(10))
                .reservation(Configs.byMac("52:54:00:00:01:20", "198.18.0.120", "fixed", null))
                .reservation(Configs.byClientId("ff0000000020", "198.18.0.20", "outside", Duration.ofMinutes(20)))
                .build();
    }

    private void operate(Client client, boolean reloads) {
        int dice = random.nextInt(100);
        if (dice < 30) {
            Client.Message discover = named(client.discover());
            if (random.nextInt(3) == 0) {
                discover.requested(anyAddress());
            }
            if (random.nextInt(4) == 0) {
                discover.leaseTime(60 + random.nextInt(7200));
            }
            DhcpMessage message = discover.build();
            lastOp = "DISCOVER";
            Outcome outcome = handle(client, message);
            if (outcome instanceof Outcome.Probe probe) {
                boolean inUse = random.nextInt(8) == 0;
                lastOp = "probe result " + inUse + " for " + probe.address().getHostAddress();
                f.responder.probed(probe.address(), inUse);
                if (!inUse) {
                    checkInvariants();
                    lastOp = "DISCOVER after probe";
                    Outcome again = handle(client, message);
                    assertThat(again).isInstanceOf(Outcome.Answer.class);
                    assertThat(((Outcome.Answer) again).reply().yiaddr()).isEqualTo(probe.address());
                }
            }
        } else if (dice < 55) {
            Optional<Binding> binding = f.bindings().of(Fixture.keyOf(client));
            Inet4Address address = binding.filter(b -> random.nextInt(10) > 0).map(Binding::address)
                    .orElseGet(this::anyAddress);
            boolean elsewhere = random.nextInt(15) == 0;
            lastOp = "REQUEST (SELECTING" + (elsewhere ? ", other server" : "") + ") " + address.getHostAddress();
            handle(client, named(client.select(address, elsewhere ? ip("198.18.0.2") : Configs.SERVER)).build());
        } else if (dice < 63) {
            Inet4Address address = ownOrAny(client);
            lastOp = "REQUEST (INIT-REBOOT) " + address.getHostAddress();
            handle(client, named(client.initReboot(address)).build());
        } else if (dice < 73) {
            Inet4Address address = ownOrAny(client);
            lastOp = "REQUEST (RENEWING) " + address.getHostAddress();
            Client.Message renew = named(client.renew(address));
            if (random.nextInt(4) == 0) {
                renew.leaseTime(60 + random.nextInt(7200));
            }
            handle(client, renew.build());
        } else if (dice < 78) {
            Inet4Address address = ownOrAny(client);
            lastOp = "RELEASE " + address.getHostAddress();
            handle(client, client.release(address).build());
        } else if (dice < 81) {
            Inet4Address address = ownOrAny(client);
            lastOp = "DECLINE " + address.getHostAddress();
            handle(client, client.decline(address).build());
        } else if (dice < 83) {
            lastOp = "INFORM";
            handle(client, client.inform(anyAddress()).build());
        } else if (dice == 83 && reloads) {
            config = config == configA ? configB : configA;
            lastOp = "reload to " + config.ranges();
            f.responder.reconfigure(new DhcpSettings(config, Configs.IDENTITY));
        } else if (dice == 84 && random.nextInt(3) == 0) {
            lastOp = "restart";
            f.restart(config);
        } else {
            Duration passing = Duration.ofSeconds(random.nextInt(random.nextInt(10) == 0 ? 900 : 30));
            lastOp = "tick after " + passing;
            f.advance(passing);
            for (Lease lease : f.responder.leases()) {
                assertThat(lease.expires()).as("a lease outlived its tick").isAfter(f.clock.instant());
            }
            for (Binding binding : f.bindings().all()) {
                assertThat(binding.until()).as("a binding outlived its tick").isAfter(f.clock.instant());
            }
        }
    }

    private Client.Message named(Client.Message message) {
        if (random.nextInt(3) == 0) {
            message.hostName(NAMES.get(random.nextInt(NAMES.size())));
        }
        return message;
    }

    private Inet4Address ownOrAny(Client client) {
        Optional<Lease> lease = f.leaseOf(client);
        return lease.isPresent() && random.nextInt(5) > 0 ? lease.get().address() : anyAddress();
    }

    /** Mostly the range, sometimes the reserved addresses, the subnet around the range, or another network. */
    private Inet4Address anyAddress() {
        int dice = random.nextInt(20);
        if (dice == 0) {
            return ip("10.0.0." + (1 + random.nextInt(250)));
        }
        if (dice == 1) {
            return random.nextBoolean() ? FIXED : OUTSIDE;
        }
        return Ipv4Ints.address(Ipv4Ints.of(ip("198.18.0.95")) + random.nextInt(70));
    }

    private Outcome handle(Client client, DhcpMessage message) {
        Outcome outcome = f.handle(message);
        int logBefore = -1;
        String kind = switch (outcome) {
            case Outcome.Answer a -> a.reply().messageType().orElseThrow().name();
            case Outcome.Probe p -> "PROBE";
            case Outcome.Ignored i -> i.reason().name();
        };
        outcomes.merge(kind, 1, Integer::sum);
        if (outcome instanceof Outcome.Answer answer) {
            DhcpMessage reply = answer.reply();
            assertThat(reply.xid()).isEqualTo(message.xid());
            DhcpMessageType type = reply.messageType().orElseThrow();
            ClientKey key = Fixture.keyOf(client);
            if (type == DhcpMessageType.ACK && !reply.yiaddr().equals(DhcpMessage.ANY)) {
                Lease held = f.leaseOf(client).orElseThrow(() -> new AssertionError("ACK of "
                        + reply.yiaddr().getHostAddress() + " but the client holds no lease"));
                assertThat(held.address()).as("the ACK's yiaddr is the lease held").isEqualTo(reply.yiaddr());
                assertThat(answer.durable()).isTrue();
                assertThat(f.log.entries.getLast()).as("the lease was written before the ACK")
                        .isEqualTo(new RecordingLeaseLog.Put(held));
                assertThat(Duration.between(f.clock.instant(), held.expires()).toSeconds())
                        .isEqualTo(reply.options().leaseTime().orElseThrow());
                assertThat(f.bindings().of(key)).containsInstanceOf(Binding.Leased.class);
            } else if (type == DhcpMessageType.OFFER) {
                assertThat(answer.durable()).isFalse();
                assertThat(f.bindings().of(key).map(Binding::address)).as("the offered address is held for the client")
                        .contains(reply.yiaddr());
                assertThat(reply.options().leaseTime()).isPresent();
            } else {
                assertThat(answer.durable()).isFalse();
            }
        }
        return outcome;
    }

    private List<Inet4Address> rangeAddresses() {
        List<Inet4Address> all = new ArrayList<>();
        for (DhcpRangeConfig range : config.ranges()) {
            for (long n = Ipv4Ints.of(range.from()); n <= Ipv4Ints.of(range.to()); n++) {
                all.add(Ipv4Ints.address(n));
            }
        }
        return all;
    }

    private void checkInvariants() {
        Bindings bindings = f.bindings();
        AddressPool pool = f.pool();
        List<Binding> all = List.copyOf(bindings.all());

        Set<Inet4Address> boundAddresses = new HashSet<>();
        Set<ClientKey> boundClients = new HashSet<>();
        for (Binding binding : all) {
            assertThat(boundAddresses.add(binding.address())).as("%s bound twice", binding.address()).isTrue();
            assertThat(boundClients.add(binding.client())).as("%s holds two bindings", binding.client()).isTrue();
            assertThat(bindings.at(binding.address())).contains(binding);
            assertThat(bindings.of(binding.client())).contains(binding);
            assertThat(byKey).containsKey(binding.client());
            if (pool.contains(binding.address())) {
                assertThat(pool.isFree(binding.address())).as("bound %s is free in the pool", binding).isFalse();
            } else {
                assertThat(binding.address()).as("a binding outside the ranges must be a reservation")
                        .isIn(FIXED, OUTSIDE);
            }
            assertThat(bindings.isHeldBack(binding.address())).as("bound %s is also held back", binding).isFalse();
            if (binding.address().equals(FIXED)) {
                assertThat(binding.client()).isEqualTo(Fixture.keyOf(clients.get(0)));
            }
            if (binding.address().equals(OUTSIDE)) {
                assertThat(binding.client()).isEqualTo(Fixture.keyOf(clients.get(1)));
            }
        }

        List<Inet4Address> range = rangeAddresses();
        long taken = 0;
        for (Inet4Address address : range) {
            boolean expected = boundAddresses.contains(address) || bindings.isHeldBack(address)
                    || address.equals(FIXED) || address.equals(Configs.SERVER);
            assertThat(!pool.isFree(address)).as("%s taken in the pool", address.getHostAddress()).isEqualTo(expected);
            if (expected) {
                taken++;
            }
        }
        assertThat(pool.size()).isEqualTo(range.size()).isEqualTo(50);
        assertThat(f.responder.poolFree() + taken).as("free + taken = size").isEqualTo(f.responder.poolSize());

        List<Lease> leases = f.responder.leases();
        Map<Inet4Address, Lease> byAddress = leases.stream().collect(Collectors.toMap(Lease::address, l -> l));
        assertThat(byAddress).as("lease addresses unique").hasSameSizeAs(leases);
        assertThat(leases).hasSize(bindings.leaseCount());
        assertThat(f.log.replay()).as("the lease log replays to the leases held").isEqualTo(byAddress);
        assertThat(leases.stream().filter(l -> !l.address().equals(FIXED) && !l.address().equals(OUTSIDE)))
                .as("max_leases (reservations are exempt)").hasSizeLessThanOrEqualTo(config.maxLeases());

        for (Map.Entry<String, List<InetAddress>> name : f.registry.names().entrySet()) {
            assertThat(name.getValue()).hasSize(1);
            String label = name.getKey().substring(0, name.getKey().indexOf('.'));
            InetAddress address = name.getValue().getFirst();
            if (label.equals("fixed")) {
                assertThat(address).isEqualTo(FIXED);
            } else if (label.equals("outside")) {
                assertThat(address).isEqualTo(OUTSIDE);
            } else {
                Lease lease = byAddress.get((Inet4Address) address);
                assertThat(lease).as("%s names %s, which holds no lease", name.getKey(), address).isNotNull();
                assertThat(lease.hostName()).as("%s names %s", name.getKey(), address).contains(label);
            }
        }
        assertThat(f.registry.names()).containsKeys("fixed.lan", "outside.lan");
    }
}
