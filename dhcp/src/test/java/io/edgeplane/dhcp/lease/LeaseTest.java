package io.edgeplane.dhcp.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.dhcp.codec.HardwareAddress;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseTest {

    static final HardwareAddress MAC = HardwareAddress.parse("52:54:00:12:34:56");

    static Inet4Address ip(String dottedQuad) {
        return Inet4Address.ofLiteral(dottedQuad);
    }

    static Lease lease(String address, String host, long expires) {
        return new Lease(ip(address), MAC, Optional.empty(), Optional.ofNullable(host), Instant.ofEpochSecond(expires));
    }

    @Test
    void expiresAtItsExpiryInstant() {
        Lease lease = lease("198.18.0.10", null, 1_800_000_000L);

        assertThat(lease.expiredAt(Instant.ofEpochSecond(1_799_999_999L))).isFalse();
        assertThat(lease.expiredAt(Instant.ofEpochSecond(1_800_000_000L))).isTrue();
    }

    @Test
    void truncatesTheExpiryToTheSecond() {
        Lease lease = new Lease(ip("198.18.0.10"), MAC, Optional.empty(), Optional.empty(),
                Instant.ofEpochSecond(1_800_000_000L, 999_999_999));

        assertThat(lease.expires()).isEqualTo(Instant.ofEpochSecond(1_800_000_000L));
    }

    @Test
    void acceptsOnlyOneDnsLabelAsHostName() {
        assertThat(lease("198.18.0.10", "a", 0).hostName()).contains("a");
        assertThat(lease("198.18.0.10", "Laptop-01", 0).hostName()).contains("Laptop-01");
        assertThat(lease("198.18.0.10", "x".repeat(63), 0).hostName()).isPresent();
        for (String bad : new String[] {"", "-a", "a-", "a.b", "a b", "x".repeat(64), "caf\u00e9", "a_b", "*"}) {
            assertThatThrownBy(() -> lease("198.18.0.10", bad, 0)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'" + bad + "'");
        }
    }

    @Test
    void namesTheMissingValue() {
        assertThatThrownBy(() -> new Lease(null, MAC, Optional.empty(), Optional.empty(), Instant.EPOCH))
                .hasMessage("address");
        assertThatThrownBy(() -> new Lease(ip("198.18.0.1"), MAC, null, Optional.empty(), Instant.EPOCH))
                .hasMessage("clientId");
        assertThatThrownBy(() -> new Lease(ip("198.18.0.1"), MAC, Optional.empty(), Optional.empty(), null))
                .hasMessage("expires");
    }
}
