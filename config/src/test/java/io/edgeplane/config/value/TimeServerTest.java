package io.edgeplane.config.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeServerTest {

    @ParameterizedTest
    @CsvSource({
            "pool.ntp.org,            pool.ntp.org,  123, pool.ntp.org",
            "Time.Example.COM,        time.example.com, 123, time.example.com",
            "10.0.0.53,               10.0.0.53,     123, 10.0.0.53",
            "10.0.0.53:123,           10.0.0.53,     123, 10.0.0.53",
            "ntp.lan:1123,            ntp.lan,       1123, ntp.lan:1123",
            "2001:DB8:0:0:0:0:0:123,  2001:db8::123, 123, 2001:db8::123",
            "[2001:db8::123],         2001:db8::123, 123, 2001:db8::123",
            "[2001:db8::123]:1123,    2001:db8::123, 1123, [2001:db8::123]:1123",
            "' ntp_1.lan '            , ntp_1.lan,   123, ntp_1.lan",
    })
    void parsesNamesAndAddressesWithPort123UnlessGiven(String text, String host, int port, String canonical) throws Exception {
        TimeServer server = TimeServer.parse(text);

        assertThat(server.host()).isEqualTo(host);
        assertThat(server.port()).isEqualTo(port);
        assertThat(server).hasToString(canonical);
        assertThat(TimeServer.parse(server.toString())).isEqualTo(server);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "bad name", "10.0.0.256", "127.1", "ntp.lan:", "ntp.lan:0", "ntp.lan:65536", "*:123",
            "2001:db8::1:123:x", "[::1", "-ntp.lan", "ntp..lan"})
    void refusesWhatCannotBeAsked(String text) {
        assertThatThrownBy(() -> TimeServer.parse(text)).isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("'");
    }

    @Test
    void anIpLiteralIsASocketAddressAndANameIsLeftUnresolved() throws Exception {
        InetSocketAddress literal = TimeServer.parse("10.0.0.53").toSocketAddress();
        assertThat(literal.isUnresolved()).isFalse();
        assertThat(literal.getAddress()).isEqualTo(InetAddress.ofLiteral("10.0.0.53"));
        assertThat(literal.getPort()).isEqualTo(123);
        assertThat(TimeServer.parse("10.0.0.53").isIpLiteral()).isTrue();

        InetSocketAddress name = TimeServer.parse("pool.ntp.org:1123").toSocketAddress();
        assertThat(name.isUnresolved()).isTrue();
        assertThat(name.getHostString()).isEqualTo("pool.ntp.org");
        assertThat(name.getPort()).isEqualTo(1123);
        assertThat(TimeServer.parse("pool.ntp.org").isIpLiteral()).isFalse();
    }

    @Test
    void theConstructorRefusesPortsThatCannotBeAsked() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TimeServer("ntp.lan", 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new TimeServer("ntp.lan", 65536));
    }
}
