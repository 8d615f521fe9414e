package io.edgeplane.dhcp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.core.names.HostRegistry;
import io.edgeplane.dhcp.codec.DecodeResult;
import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageDecoder;
import io.edgeplane.dhcp.codec.DhcpMessageEncoder;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import io.edgeplane.dhcp.codec.HardwareAddress;
import io.edgeplane.dhcp.exchange.Delivery;
import io.edgeplane.dhcp.lease.LeaseJournal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service end to end over an in-memory transport: what reaches the wire, in what order against the journal,
 * what survives a restart, and what a reload keeps.
 */
class DhcpServiceTest {

    private static final Inet4Address SERVER = ipv4("198.18.5.1");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<FakeTransport> transports = new CopyOnWriteArrayList<>();
    private final Map<String, List<InetAddress>> dns = new ConcurrentHashMap<>();
    private final List<DhcpService> services = new ArrayList<>();

    @AfterEach
    void stopAll() {
        services.forEach(s -> s.stop(Duration.ZERO).join());
    }

    @Test
    void everyAckIsOnDiskBeforeItIsSent() throws Exception {
        DhcpService service = start(config(""));
        FakeTransport wire = transports.getLast();
        List<String> notDurable = new CopyOnWriteArrayList<>();
        wire.onSend((payload, delivery) -> {
            DhcpMessage reply = decode(payload);
            if (reply.messageType().orElseThrow() == DhcpMessageType.ACK && !onDisk(reply.yiaddr())) {
                notDurable.add(reply.yiaddr().getHostAddress());
            }
        });
        for (int i = 0; i < 20; i++) {
            lease(wire, mac(i), "host" + i);
        }
        assertThat(notDurable).isEmpty();
        assertThat(service.status().orElseThrow().leases()).hasSize(20);
        assertThat(dns).containsKey("host7.lan.test");
    }

    @Test
    void leasesSurviveARestartAndClientsGetTheirAddressesBack() throws Exception {
        DhcpService first = start(config(""));
        Inet4Address given = lease(transports.getLast(), mac(1), "laptop");
        first.stop(Duration.ZERO).join();
        services.remove(first);
        dns.clear();

        start(config(""));
        assertThat(dns).containsEntry("laptop.lan.test", List.of(given));
        FakeTransport wire = transports.getLast();
        DhcpMessage offer = exchange(wire, discover(mac(1), 100, Optional.empty()));
        assertThat(offer.yiaddr()).isEqualTo(given);
    }

    @Test
    void aReloadKeepsLeasesThatStillFitAndAppliesNewOptions() throws Exception {
        DhcpService service = start(config(""));
        Inet4Address given = lease(transports.getLast(), mac(2), "printer");
        service.prepare(config("    ntp_servers: [198.18.5.9]\n")).commit();
        assertThat(transports).hasSize(1);
        DhcpMessage offer = exchange(transports.getLast(), discover(mac(2), 7, Optional.empty()));
        assertThat(offer.yiaddr()).isEqualTo(given);
        assertThat(offer.options().addresses(DhcpOptions.NTP_SERVERS)).containsExactly(ipv4("198.18.5.9"));
    }

    @Test
    void malformedDatagramsAreDroppedAndCountedAndTheServerCarriesOn() throws Exception {
        start(config(""));
        FakeTransport wire = transports.getLast();
        wire.deliver(new byte[10]);
        wire.deliver(new byte[400]);
        lease(wire, mac(3), "after-garbage");
        assertThat(meters.find("edgeplane.dhcp.dropped").counters()).isNotEmpty();
    }

    @Test
    void aRangeOutsideTheInterfaceSubnetFailsThePrepareNamingTheKey() {
        DhcpService service = new DhcpService(meters, Optional.of(platform()), registry(), Clock.systemUTC(),
                System::nanoTime);
        services.add(service);
        assertThatThrownBy(() -> service.prepare(load("""
                dhcp:
                  interface: veth0
                  ranges: [{ from: 10.0.0.10, to: 10.0.0.20 }]
                  lease_file: %s
                """.formatted(dir.resolve("leases")))))
                .isInstanceOf(ServiceException.class)
                .hasMessageContaining("dhcp.ranges[0].from 10.0.0.10 is not in the subnet of veth0 (198.18.5.1/24)");
    }

    private boolean onDisk(Inet4Address address) {
        try (LeaseJournal reread = LeaseJournal.open(dir.resolve("leases"), Clock.systemUTC())) {
            return reread.recovered().containsKey(address);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Inet4Address lease(FakeTransport wire, HardwareAddress mac, String name) throws Exception {
        DhcpMessage offer = exchange(wire, discover(mac, mac.hashCode(), Optional.of(name)));
        assertThat(offer.messageType()).contains(DhcpMessageType.OFFER);
        DhcpMessage ack = exchange(wire, request(mac, mac.hashCode(), offer.yiaddr(), name));
        assertThat(ack.messageType()).contains(DhcpMessageType.ACK);
        assertThat(ack.yiaddr()).isEqualTo(offer.yiaddr());
        return ack.yiaddr();
    }

    private DhcpMessage exchange(FakeTransport wire, DhcpMessage request) throws InterruptedException {
        int before = wire.sent().size();
        wire.deliver(DhcpMessageEncoder.encode(request));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (wire.sent().size() == before) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no reply to " + request.messageType().orElseThrow());
            }
            Thread.sleep(2);
        }
        FakeTransport.Sent sent = wire.sent().get(before);
        assertThat(sent.delivery()).isInstanceOf(Delivery.ToHardware.class);
        return decode(sent.payload());
    }

    private DhcpService start(EdgeplaneConfig config) throws ServiceException {
        DhcpService service = new DhcpService(meters, Optional.of(platform()), registry(), Clock.systemUTC(),
                System::nanoTime);
        service.prepare(config).commit();
        services.add(service);
        return service;
    }

    private EdgeplaneConfig config(String extraOptions) {
        return load("""
                dhcp:
                  interface: veth0
                  ranges: [{ from: 198.18.5.50, to: 198.18.5.150, lease: 12h }]
                  options:
                    domain: lan.test
                %s  lease_file: %s
                  probe: false
                """.formatted(extraOptions, dir.resolve("leases")));
    }

    private static EdgeplaneConfig load(String yaml) {
        try {
            return new ConfigLoader(Variables.of(Map.of())).parse("node.yaml", yaml);
        } catch (InvalidConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private DhcpPlatform platform() {
        return new DhcpPlatform() {
            @Override
            public Interface resolve(String interfaceName) {
                return new Interface(interfaceName, 7, SERVER, 24, new byte[] {2, 0, 0, 0, 0, 1});
            }

            @Override
            public DhcpTransport open(Interface network) {
                FakeTransport transport = new FakeTransport(ipv4("0.0.0.0"));
                transports.add(transport);
                return transport;
            }

            @Override
            public Optional<AddressProbe> probe(Interface network) {
                return Optional.empty();
            }
        };
    }

    private HostRegistry registry() {
        return new HostRegistry() {
            @Override
            public void register(String source, String name, List<InetAddress> addresses) {
                dns.put(name, List.copyOf(addresses));
            }

            @Override
            public void unregister(String source, String name) {
                dns.remove(name);
            }

            @Override
            public void unregisterAll(String source) {
                dns.clear();
            }
        };
    }

    private static DhcpMessage discover(HardwareAddress mac, int xid, Optional<String> name) {
        DhcpOptions.Builder options = DhcpOptions.builder().messageType(DhcpMessageType.DISCOVER)
                .parameterRequestList(List.of(1, 3, 6, 15, 42));
        name.ifPresent(n -> options.string(DhcpOptions.HOST_NAME, n));
        return message(mac, xid, options.build());
    }

    private static DhcpMessage request(HardwareAddress mac, int xid, Inet4Address address, String name) {
        return message(mac, xid, DhcpOptions.builder().messageType(DhcpMessageType.REQUEST)
                .address(DhcpOptions.SERVER_IDENTIFIER, SERVER).address(DhcpOptions.REQUESTED_ADDRESS, address)
                .string(DhcpOptions.HOST_NAME, name).parameterRequestList(List.of(1, 3, 6, 15, 42)).build());
    }

    private static DhcpMessage message(HardwareAddress mac, int xid, DhcpOptions options) {
        return new DhcpMessage(DhcpMessage.BOOTREQUEST, 1, 0, xid, 0, 0, DhcpMessage.ANY, DhcpMessage.ANY,
                DhcpMessage.ANY, DhcpMessage.ANY, mac, "", "", options);
    }

    private static HardwareAddress mac(int i) {
        return new HardwareAddress(new byte[] {0x52, 0x54, 0, 0x12, (byte) (i >> 8), (byte) i});
    }

    private static DhcpMessage decode(byte[] payload) {
        return ((DecodeResult.Valid) DhcpMessageDecoder.decode(payload, 0, payload.length)).message();
    }

    private static Inet4Address ipv4(String text) {
        try {
            return (Inet4Address) InetAddress.getByName(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
