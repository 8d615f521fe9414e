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

class HostPortTest {

    @Test
    void parsesAnIpv4Literal() throws Exception {
        HostPort hp = HostPort.parse("127.0.0.1:8404");

        assertThat(hp.host()).isEqualTo("127.0.0.1");
        assertThat(hp.port()).isEqualTo(8404);
        assertThat(hp.isIpLiteral()).isTrue();
    }

    @Test
    void parsesABracketedIpv6LiteralAndStoresItCompressedWithoutBrackets() throws Exception {
        HostPort hp = HostPort.parse("[2001:DB8:0:0:0:0:0:1]:443");

        assertThat(hp.host()).isEqualTo("2001:db8::1");
        assertThat(hp.port()).isEqualTo(443);
        assertThat(hp.isIpLiteral()).isTrue();
        assertThat(hp).hasToString("[2001:db8::1]:443");
    }

    @Test
    void starMeansEveryLocalIpv4Address() throws Exception {
        assertThat(HostPort.parse("*:80")).isEqualTo(new HostPort("0.0.0.0", 80));
    }

    @Test
    void hostNamesAreLowerCasedAndNotIpLiterals() throws Exception {
        HostPort hp = HostPort.parse("Api.Internal:8080");

        assertThat(hp.host()).isEqualTo("api.internal");
        assertThat(hp.isIpLiteral()).isFalse();
    }

    @Test
    void surroundingWhitespaceIsIgnored() throws Exception {
        assertThat(HostPort.parse("  10.0.0.1:53 ")).isEqualTo(new HostPort("10.0.0.1", 53));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 65535})
    void acceptsEveryPortFromZeroTo65535(int port) throws Exception {
        assertThat(HostPort.parse("host:" + port).port()).isEqualTo(port);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            host:65536      | port 65536 in 'host:65536' is above 65535
            host:99999      | port 99999 in 'host:99999' is above 65535
            host:abc        | 'abc' in 'host:abc' is not a port number
            host:-1         | '-1' in 'host:-1' is not a port number
            host:+80        | '+80' in 'host:+80' is not a port number
            host:123456     | '123456' in 'host:123456' is not a port number
            127.0.0.1       | '127.0.0.1' is not host:port
            host:           | 'host:' is not host:port
            :80             | ':80' is not host:port
            ::1:80          | '::1:80' needs brackets around its IPv6 address, as [::1]:80
            2001:db8::1:53  | '2001:db8::1:53' needs brackets around its IPv6 address, as [2001:db8::1]:53
            [::1:80         | '[::1:80' has an unclosed '[' around its IPv6 address
            [zz::1]:80      | '[zz::1]' is not an IP address
            -edge:80        | '-edge' in '-edge:80' is neither an IP address nor a host name
            a..b:80         | 'a..b' in 'a..b:80' is neither an IP address nor a host name
            bad host:80     | 'bad host' in 'bad host:80' is neither an IP address nor a host name
            """)
    void rejectsWhatIsNotHostColonPort(String text, String message) {
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(message);
    }

    @Test
    void aMissingPortAfterABracketedAddressIsRejected() {
        assertThatThrownBy(() -> HostPort.parse("[::1]")).isInstanceOf(InvalidValueException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1:80", "10.0.0.256:80", "300.1.1.1:80", "8080:80", "010.0.0.1:80"})
    void aMistypedAddressIsNotTakenForAHostName(String text) {
        // Each looks like a number, which no DNS name does (RFC 1123 2.1); resolving it would guess.
        assertThatThrownBy(() -> HostPort.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessageContaining("is neither an IP address nor a host name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8404", "[::1]:53", "[2001:db8::1]:0", "0.0.0.0:80", "api.internal:8080",
            "edge-1.example.com:65535"})
    void toStringParsesBackToTheSameValue(String text) throws Exception {
        HostPort hp = HostPort.parse(text);

        assertThat(hp).hasToString(text);
        assertThat(HostPort.parse(hp.toString())).isEqualTo(hp);
    }

    @Test
    void theConstructorRefusesPortsOutsideTheRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new HostPort("h", 65536));
        assertThatIllegalArgumentException().isThrownBy(() -> new HostPort("h", -1));
    }

    @Test
    void anIpLiteralBecomesAResolvedSocketAddress() throws Exception {
        InetSocketAddress address = HostPort.parse("[::1]:53").toSocketAddress();

        assertThat(address.isUnresolved()).isFalse();
        assertThat(address.getAddress())
                .isEqualTo(InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
        assertThat(address.getPort()).isEqualTo(53);
    }

    @Test
    void aNameStaysUnresolvedSoNoDnsLookupHappensWhileLoading() throws Exception {
        InetSocketAddress address = HostPort.parse("backend.invalid:8080").toSocketAddress();

        assertThat(address.isUnresolved()).isTrue();
        assertThat(address.getHostString()).isEqualTo("backend.invalid");
        assertThat(address.getPort()).isEqualTo(8080);
    }
}
