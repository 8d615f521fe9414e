package io.edgeplane.dns.zone;

import static io.edgeplane.dns.zone.Zones.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Names in wire form, and back. */
class WireNameTest {

    @Test
    void labelsAreLengthPrefixedAndEndInTheRoot() {
        assertThat(WireName.encode("a.bc")).containsExactly(bytes(1, 'a', 2, 'b', 'c', 0));
        assertThat(WireName.encode("")).containsExactly(bytes(0));
        assertThat(WireName.decode(bytes(1, 'a', 2, 'b', 'c', 0), 0)).isEqualTo("a.bc");
    }

    @Test
    void badNamesAndBadDataAreRefused() {
        assertThatThrownBy(() -> WireName.encode("a..b")).hasMessageContaining("'a..b'");
        assertThatThrownBy(() -> WireName.encode("x".repeat(64))).hasMessageContaining("64 characters");
        assertThatThrownBy(() -> WireName.decode(bytes(3, 'a'), 0)).hasMessageContaining("bad label length 3");
        assertThatThrownBy(() -> WireName.decode(bytes(1, 'a'), 0)).hasMessageContaining("runs past");
    }
}
