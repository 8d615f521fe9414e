package io.edgeplane.dhcp.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.dhcp.codec.HardwareAddress;
import io.edgeplane.dhcp.lease.LeaseLine.CorruptLineException;
import io.edgeplane.dhcp.lease.LeaseLine.Grant;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeaseLineTest {

    private final LeaseLine line = new LeaseLine();

    @Test
    void theLongestLeaseFitsInALine() throws CorruptLineException {
        byte[] id = new byte[ClientId.MAX_LENGTH];
        Arrays.fill(id, (byte) 0xAB);
        Lease longest = new Lease(LeaseTest.ip("255.255.255.255"), new HardwareAddress(new byte[16]),
                Optional.of(new ClientId(id)), Optional.of("x".repeat(63)), Instant.MIN);

        line.encodeGrant(longest);

        assertThat(line.length() - 1).isLessThanOrEqualTo(LeaseLine.MAX_LENGTH);
        byte[] copy = Arrays.copyOf(line.bytes(), line.length() - 1);
        assertThat(line.decode(copy, copy.length)).isEqualTo(new Grant(longest));
    }

    @Test
    void writesNegativeAndZeroExpiries() throws CorruptLineException {
        for (long seconds : new long[] {0, -1, 7, Instant.MAX.getEpochSecond()}) {
            Lease lease = LeaseTest.lease("0.0.0.0", null, seconds);
            line.encodeGrant(lease);
            String text = new String(line.bytes(), 0, line.length(), StandardCharsets.US_ASCII);
            assertThat(text).startsWith("+ " + seconds + " ");
            byte[] copy = Arrays.copyOf(line.bytes(), line.length() - 1);
            assertThat(line.decode(copy, copy.length)).isEqualTo(new Grant(lease));
        }
    }

    @Test
    void readsOnlyStrictDottedQuads() throws CorruptLineException {
        assertThat(LeaseLine.parseAddress("198.18.0.10")).isEqualTo(LeaseTest.ip("198.18.0.10"));
        assertThat(LeaseLine.parseAddress("0.0.0.0")).isEqualTo(LeaseTest.ip("0.0.0.0"));
        for (String bad : new String[] {"", "1.2.3", "1.2.3.4.5", "1.2.3.256", "01.2.3.4", "1..3.4", "1.2.3.4.",
                "localhost", "1.2.3.-4", " 1.2.3.4"}) {
            assertThatThrownBy(() -> LeaseLine.parseAddress(bad)).as(bad).isInstanceOf(CorruptLineException.class);
        }
    }
}
