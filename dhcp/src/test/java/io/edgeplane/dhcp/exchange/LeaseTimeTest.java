package io.edgeplane.dhcp.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.DhcpMessage;
import io.edgeplane.dhcp.codec.DhcpMessageType;
import io.edgeplane.dhcp.codec.DhcpOptions;
import java.net.Inet4Address;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Lease times (RFC 2131 §3.3, §4.3.1): a client may ask for a shorter lease and get it (dnsmasq: never under two
 * minutes), never a longer one than the range gives; T1 and T2 (RFC 2131 §4.4.5) come before the lease ends, T1
 * first.
 */
class LeaseTimeTest {

    private final Fixture f = new Fixture();
    private final Client client = Client.mac("52:54:00:12:34:56");

    @ParameterizedTest(name = "asked {0}s, given {1}s")
    @CsvSource({
            "600, 600",
            "120, 120",
            "119, 120",
            "1, 120",
            "0, 120",
            "3599, 3599",
            "3600, 3600",
            "3601, 3600",
            "86400, 3600",
            "4294967295, 3600",
    })
    void theClientsAskedLeaseIsGivenWithinLimits(long asked, long given) {
        DhcpMessage offer = f.reply(client.discover().leaseTime(asked), DhcpMessageType.OFFER);
        assertThat(offer.options().leaseTime()).hasValue(given);

        DhcpMessage ack = f.reply(client.select(offer.yiaddr()).leaseTime(asked), DhcpMessageType.ACK);

        assertThat(ack.options().leaseTime()).hasValue(given);
        assertThat(f.leaseAt(ack.yiaddr()).orElseThrow().expires()).isEqualTo(Fixture.START.plusSeconds(given));
        assertThat(f.log.puts().getFirst().expires()).isEqualTo(Fixture.START.plusSeconds(given));
    }

    @Test
    void aShortLeaseExpiresWhenItSaid() {
        Inet4Address offered = f.offer(client);
        f.reply(client.select(offered).leaseTime(300), DhcpMessageType.ACK);

        assertThat(f.advance(Duration.ofMinutes(5))).isEqualTo(1);
    }

    @Test
    void eachRangeGivesItsOwnLease() {
        Fixture two = new Fixture(Configs.builder().ranges(
                Configs.range("198.18.0.100", "198.18.0.109", Duration.ofHours(12)),
                Configs.range("198.18.0.200", "198.18.0.209", Duration.ofMinutes(10))).build());

        assertThat(two.reply(client.discover().requested(Configs.ip("198.18.0.105")), DhcpMessageType.OFFER)
                .options().leaseTime()).hasValue(43_200);
        Client other = Client.mac("52:54:00:00:00:02");
        assertThat(two.reply(other.discover().requested(Configs.ip("198.18.0.205")), DhcpMessageType.OFFER)
                .options().leaseTime()).hasValue(600);
    }

    @Test
    void t1AndT2DefaultToHalfAndSevenEighths() {
        DhcpOptions options = f.reply(client.discover(), DhcpMessageType.OFFER).options();

        assertThat(options.unsignedInt(DhcpOptions.RENEWAL_TIME)).hasValue(1800);
        assertThat(options.unsignedInt(DhcpOptions.REBINDING_TIME)).hasValue(3150);
    }

    @Test
    void configuredT1AndT2AreUsedWhenTheyFitTheLease() {
        Fixture custom = new Fixture(Configs.builder().renewalTime(Duration.ofMinutes(20))
                .rebindingTime(Duration.ofMinutes(40)).build());

        DhcpOptions options = custom.reply(client.discover(), DhcpMessageType.OFFER).options();

        assertThat(options.unsignedInt(DhcpOptions.RENEWAL_TIME)).hasValue(1200);
        assertThat(options.unsignedInt(DhcpOptions.REBINDING_TIME)).hasValue(2400);
    }

    @Test
    void configuredT1AndT2LongerThanAShortLeaseFallBackToTheDefaults() {
        Fixture custom = new Fixture(Configs.builder().renewalTime(Duration.ofMinutes(20))
                .rebindingTime(Duration.ofMinutes(40)).build());

        DhcpOptions options = custom.reply(client.discover().leaseTime(600), DhcpMessageType.OFFER).options();

        assertThat(options.leaseTime()).hasValue(600);
        assertThat(options.unsignedInt(DhcpOptions.RENEWAL_TIME)).hasValue(300);
        assertThat(options.unsignedInt(DhcpOptions.REBINDING_TIME)).hasValue(525);
    }

    @Test
    void aConfiguredT1ThatLeavesNoRoomForTheDefaultT2FallsBackWithIt() {
        Fixture custom = new Fixture(Configs.builder().renewalTime(Duration.ofMinutes(58)).build());

        DhcpOptions options = custom.reply(client.discover(), DhcpMessageType.OFFER).options();

        assertThat(options.unsignedInt(DhcpOptions.RENEWAL_TIME)).hasValue(1800);
        assertThat(options.unsignedInt(DhcpOptions.REBINDING_TIME)).hasValue(3150);
    }

    @Test
    void aLateT1IsKeptWhenAConfiguredT2ComesAfterIt() {
        Fixture custom = new Fixture(Configs.builder().renewalTime(Duration.ofMinutes(55))
                .rebindingTime(Duration.ofMinutes(58)).build());

        DhcpOptions options = custom.reply(client.discover(), DhcpMessageType.OFFER).options();

        assertThat(options.unsignedInt(DhcpOptions.RENEWAL_TIME)).hasValue(3300);
        assertThat(options.unsignedInt(DhcpOptions.REBINDING_TIME)).hasValue(3480);
    }

    @Test
    void t1ComesBeforeT2AndT2BeforeTheEndWhateverIsConfigured() {
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            Duration t1 = random.nextBoolean() ? Duration.ofMillis(1000 + random.nextInt(7_200_000)) : null;
            Duration t2 = random.nextBoolean() ? Duration.ofMillis(1000 + random.nextInt(7_200_000)) : null;
            if (t1 != null && t2 != null && t2.compareTo(t1) <= 0) {
                t2 = t1.plusSeconds(1); // the config checks refuse T2 <= T1
            }
            long asked = 120 + random.nextInt(7200);
            Fixture custom = new Fixture(Configs.builder().renewalTime(t1).rebindingTime(t2).build());

            DhcpOptions options = custom.reply(client.discover().leaseTime(asked), DhcpMessageType.OFFER).options();

            long lease = options.leaseTime().orElseThrow();
            long renewal = options.unsignedInt(DhcpOptions.RENEWAL_TIME).orElseThrow();
            long rebinding = options.unsignedInt(DhcpOptions.REBINDING_TIME).orElseThrow();
            assertThat(renewal).as("T1 %s T2 %s asked %s: T1 %s < T2 %s < lease %s", t1, t2, asked, renewal,
                    rebinding, lease).isPositive().isLessThan(rebinding);
            assertThat(rebinding).as("T1 %s T2 %s asked %s", t1, t2, asked).isLessThan(lease);
        }
    }
}
