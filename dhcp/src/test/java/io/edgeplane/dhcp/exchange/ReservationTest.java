package io.edgeplane.dhcp.exchange;

import static io.edgeplane.dhcp.exchange.Configs.ip;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fixed addresses (dnsmasq's {@code dhcp-host}): found by MAC or by client identifier, with their own lease time
 * and name, the name in DNS from the start, and the address never given to anyone else.
 */
class ReservationTest {

    /** Outside the range, by MAC, with its own lease. */
    private static final Inet4Address PRINTER = ip("198.18.0.5");
    /** Inside the range, by client identifier, with the range's lease. */
    private static final Inet4Address NAS = ip("198.18.0.150");

    private final Fixture f = new Fixture(Configs.builder()
            .reservation(Configs.byMac("52:54:00:00:00:05", "198.18.0.5", "printer", Duration.ofHours(12)))
            .reservation(Configs.byClientId("01:aa:bb:cc:dd:ee:ff", "198.18.0.150", "nas", null))
            .build());
    private final Client printer = Client.mac("52:54:00:00:00:05");
    private final Client nas = Client.withClientId("aa:bb:cc:dd:ee:ff", "01aabbccddeeff");
    private final Client stranger = Client.mac("52:54:00:00:00:99");

    @Test
    void reservedNamesAreInDnsFromTheStartWithoutALease() {
        assertThat(f.registry.lookup("printer.lan")).contains(List.of(PRINTER));
        assertThat(f.registry.lookup("nas.lan")).contains(List.of(NAS));
        assertThat(f.responder.leases()).isEmpty();
        assertThat(f.log.entries).isEmpty();
    }

    @Test
    void aReservedAddressInsideTheRangeIsNotInThePoolsFreeCount() {
        assertThat(f.responder.poolSize()).isEqualTo(100);
        assertThat(f.responder.poolFree()).isEqualTo(99);
    }

    @Test
    void theClientWithTheReservedMacIsOfferedAndGivenItsAddressForItsLeaseTime() {
        DhcpMessage offer = f.reply(printer.discover(), DhcpMessageType.OFFER);
        assertThat(offer.yiaddr()).isEqualTo(PRINTER);
        assertThat(offer.options().leaseTime()).hasValue(Duration.ofHours(12).toSeconds());

        DhcpMessage ack = f.reply(printer.select(PRINTER).hostName("HP-LaserJet-4").prl(1, 12),
                DhcpMessageType.ACK);
        assertThat(ack.yiaddr()).isEqualTo(PRINTER);
        assertThat(ack.options().leaseTime()).hasValue(Duration.ofHours(12).toSeconds());
        assertThat(ack.options().hostName()).as("the reservation's name overrides the client's").contains("printer");
        assertThat(f.log.puts()).singleElement().satisfies(l -> {
            assertThat(l.address()).isEqualTo(PRINTER);
            assertThat(l.hostName()).contains("printer");
            assertThat(l.expires()).isEqualTo(Fixture.START.plus(Duration.ofHours(12)));
        });
        assertThat(f.registry.lookup("hp-laserjet-4.lan")).isEmpty();
        assertThat(f.registry.lookup("printer.lan")).contains(List.of(PRINTER));
    }

    @Test
    void theClientWithTheReservedClientIdGetsItsAddressFromAnyInterface() {
        assertThat(f.bind(nas)).isEqualTo(NAS);
        assertThat(f.leaseAt(NAS).orElseThrow().expires()).as("the range's lease")
                .isEqualTo(Fixture.START.plus(Duration.ofHours(1)));
        f.handle(nas.release(NAS));

        Client sameIdOtherMac = Client.withClientId("52:54:00:77:77:77", "01aabbccddeeff");
        assertThat(f.bind(sameIdOtherMac)).isEqualTo(NAS);
    }

    @Test
    void theClientIdIsLookedUpBeforeTheMac() {
        Client printerMacNasId = Client.withClientId("52:54:00:00:00:05", "01aabbccddeeff");

        assertThat(f.offer(printerMacNasId)).isEqualTo(NAS);
    }

    @Test
    void aClientIdThatIsNotReservedFallsBackToTheMac() {
        Client printerWithSomeId = Client.withClientId("52:54:00:00:00:05", "0152540000000500");

        assertThat(f.offer(printerWithSomeId)).isEqualTo(PRINTER);
    }

    @Test
    void anotherClientAskingForAReservedAddressIsNotOfferedItAndIsRefusedIt() {
        assertThat(f.reply(stranger.discover().requested(NAS), DhcpMessageType.OFFER).yiaddr()).isNotEqualTo(NAS);
        assertThat(f.reply(stranger.discover().requested(PRINTER), DhcpMessageType.OFFER).yiaddr())
                .isNotEqualTo(PRINTER);

        assertThat(f.reply(stranger.select(NAS), DhcpMessageType.NAK).options().string(DhcpOptions.MESSAGE))
                .isPresent();
        assertThat(f.reply(stranger.initReboot(PRINTER), DhcpMessageType.NAK)).isNotNull();
        assertThat(f.reply(stranger.renew(PRINTER), DhcpMessageType.NAK)).isNotNull();
        assertThat(f.leaseAt(NAS)).isEmpty();
        assertThat(f.leaseAt(PRINTER)).isEmpty();
    }

    @Test
    void noDynamicClientIsEverOfferedAReservedAddress() {
        for (int i = 0; i < 99; i++) {
            assertThat(f.offer(Client.numbered(i))).isNotIn(NAS, PRINTER);
        }
        assertThat(f.ignored(Client.numbered(100).discover())).isEqualTo(IgnoreReason.POOL_EXHAUSTED);
        assertThat(f.offer(nas)).as("the reserved client still gets its address from a full pool").isEqualTo(NAS);
    }

    @Test
    void theReservedClientAskingForADifferentAddressIsRefused() {
        DhcpMessage nak = f.reply(printer.initReboot(ip("198.18.0.120")), DhcpMessageType.NAK);

        assertThat(nak.options().string(DhcpOptions.MESSAGE))
                .hasValueSatisfying(m -> assertThat(m).contains("198.18.0.5"));
        assertThat(f.leaseAt(ip("198.18.0.120"))).isEmpty();
        assertThat(f.reply(printer.select(ip("198.18.0.120")), DhcpMessageType.NAK)).isNotNull();
        assertThat(f.reply(printer.discover().requested(ip("198.18.0.120")), DhcpMessageType.OFFER).yiaddr())
                .isEqualTo(PRINTER);
    }

    @Test
    void aReservedClientWithADynamicLeaseMovesToItsAddressWhenTheReservationAppears() {
        Fixture plain = new Fixture();
        Inet4Address dynamic = plain.bind(printer);
        plain.responder.reconfigure(new DhcpSettings(Configs.builder()
                .reservation(Configs.byMac("52:54:00:00:00:05", "198.18.0.5", "printer", Duration.ofHours(12)))
                .build(), Configs.IDENTITY));

        assertThat(plain.reply(printer.renew(dynamic), DhcpMessageType.NAK)).isNotNull();
        assertThat(plain.bind(printer)).isEqualTo(PRINTER);
        assertThat(plain.leaseAt(dynamic)).as("one lease per client").isEmpty();
        assertThat(plain.log.replay().keySet()).containsExactly(PRINTER);
    }

    @Test
    void releasingAReservedAddressKeepsItReservedAndItsNameInDns() {
        f.bind(nas);
        long free = f.responder.poolFree();

        f.handle(nas.release(NAS));

        assertThat(f.responder.leases()).isEmpty();
        assertThat(f.responder.poolFree()).isEqualTo(free);
        assertThat(f.registry.lookup("nas.lan")).contains(List.of(NAS));
        assertThat(f.reply(stranger.initReboot(NAS), DhcpMessageType.NAK)).isNotNull();
    }

    @Test
    void anExpiredReservedLeaseKeepsTheAddressReservedAndTheNameInDns() {
        f.bind(nas);
        long free = f.responder.poolFree();

        assertThat(f.advance(Duration.ofHours(2))).isEqualTo(1);

        assertThat(f.responder.poolFree()).isEqualTo(free);
        assertThat(f.registry.lookup("nas.lan")).contains(List.of(NAS));
    }

    @Test
    void anotherClientCannotTakeAReservedName() {
        Inet4Address address = f.bind(stranger);
        f.reply(stranger.renew(address).hostName("printer"), DhcpMessageType.ACK);

        assertThat(f.registry.lookup("printer.lan")).contains(List.of(PRINTER));

        f.advance(Duration.ofHours(2));
        assertThat(f.registry.lookup("printer.lan")).as("its expiry does not take the reserved name away either")
                .contains(List.of(PRINTER));
    }

    @Test
    void aReservedAddressThatAnotherClientHoldsSendsTheReservedClientToTheRange() {
        Fixture plain = new Fixture();
        plain.bind(stranger, NAS);
        plain.responder.reconfigure(new DhcpSettings(Configs.builder()
                .reservation(Configs.byClientId("01:aa:bb:cc:dd:ee:ff", "198.18.0.150", "nas", null)).build(),
                Configs.IDENTITY));

        Inet4Address offered = plain.offer(nas);

        assertThat(offered).isNotEqualTo(NAS);
        assertThat(plain.reply(nas.select(offered), DhcpMessageType.ACK).yiaddr()).isEqualTo(offered);
    }

    @Test
    void aDeclinedReservedAddressIsHeldBackLikeAnyOther() {
        f.bind(printer);
        f.handle(printer.decline(PRINTER));

        Inet4Address meanwhile = f.offer(printer);
        assertThat(meanwhile).isNotEqualTo(PRINTER);

        f.advance(Duration.ofMinutes(11));
        assertThat(f.offer(printer)).isEqualTo(PRINTER);
    }
}
