package io.edgeplane.dhcp.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientIdTest {

    @Test
    void writesAndParsesColonHexAsDnsmasqDoes() {
        ClientId id = new ClientId(new byte[] {1, 0x52, 0x54, 0, 0x12, 0x34, 0x56});

        assertThat(id).hasToString("01:52:54:00:12:34:56");
        assertThat(ClientId.parse("01:52:54:00:12:34:56")).isEqualTo(id).hasSameHashCodeAs(id);
        assertThat(ClientId.parse("FF:0a")).hasToString("ff:0a");
    }

    @Test
    void copiesItsBytesInAndOut() {
        byte[] raw = {1, 2, 3};
        ClientId id = new ClientId(raw);
        raw[0] = 9;
        id.bytes()[1] = 9;

        assertThat(id.bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void rejectsWhatIsNotOneOptionValue() {
        assertThatThrownBy(() -> new ClientId(new byte[0])).hasMessageContaining("0 bytes, expected 1 to 255");
        assertThatThrownBy(() -> new ClientId(new byte[256])).hasMessageContaining("256 bytes");
        assertThatThrownBy(() -> ClientId.parse("01-52")).hasMessageContaining("'01-52'");
        assertThatThrownBy(() -> ClientId.parse("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientId.parse("1:52")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientId(null)).hasMessage("bytes");
    }
}
