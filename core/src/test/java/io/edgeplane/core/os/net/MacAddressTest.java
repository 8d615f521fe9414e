package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MacAddressTest {

    @Test
    void bytesTextAndValueAgree() {
        MacAddress mac = MacAddress.parse("00:00:5E:00:01:07");
        assertThat(mac.value()).isEqualTo(0x00005E000107L);
        assertThat(mac.bytes()).containsExactly(0, 0, 0x5E, 0, 1, 7);
        assertThat(mac).hasToString("00:00:5e:00:01:07");
        assertThat(MacAddress.of(mac.bytes())).isEqualTo(mac);
        assertThat(MacAddress.BROADCAST.bytes()).containsOnly((byte) 0xFF);
    }

    @Test
    void malformedAddressesAreRefusedByValue() {
        assertThatThrownBy(() -> MacAddress.parse("00:00:5e:00:01")).hasMessageContaining("'00:00:5e:00:01'");
        assertThatThrownBy(() -> MacAddress.parse("00-00-5e-00-01-07")).hasMessageContaining("joined by ':'");
        assertThatThrownBy(() -> MacAddress.of(new byte[4])).hasMessageContaining("4 bytes: expected 6");
        assertThatThrownBy(() -> new MacAddress(1L << 48)).hasMessageContaining("expected 48 bits");
    }
}
