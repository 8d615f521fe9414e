package io.edgeplane.config.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

    @Test
    void parsesADottedQuad() throws Exception {
        InetAddress address = IpAddresses.parse("192.0.2.10");

        assertThat(address).isInstanceOf(Inet4Address.class);
        assertThat(address.getAddress()).containsExactly(192, 0, 2, 10);
    }

    @Test
    void parsesIpv6WithOrWithoutBrackets() throws Exception {
        InetAddress plain = IpAddresses.parse("2001:db8::1");

        assertThat(plain).isInstanceOf(Inet6Address.class);
        assertThat(IpAddresses.parse("[2001:db8::1]")).isEqualTo(plain);
        assertThat(IpAddresses.parse(" 2001:DB8:0::1 ")).isEqualTo(plain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.1", "10.1.1", "2130706433", "0x7f.0.0.1", "010.0.0.1", "1.2.3.04", "1.2.3.4.5",
            "256.1.1.1", "1.2.3.", "", "1:2:3:4:5:6:7:8:9", "::g"})
    void refusesShorthandAmbiguousAndMalformedLiterals(String text) {
        assertThatThrownBy(() -> IpAddresses.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("'" + text + "' is not an IP address");
        assertThat(IpAddresses.isLiteral(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "router.lan"})
    void refusesNamesWithoutLookingThemUp(String name) {
        // "localhost" would resolve on any machine; refusing it shows no resolver was asked.
        assertThatThrownBy(() -> IpAddresses.parse(name))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("'" + name + "' is not an IP address");
        assertThat(IpAddresses.isLiteral(name)).isFalse();
    }

    @Test
    void isLiteralAcceptsBothFamilies() {
        assertThat(IpAddresses.isLiteral("0.0.0.0")).isTrue();
        assertThat(IpAddresses.isLiteral("255.255.255.255")).isTrue();
        assertThat(IpAddresses.isLiteral("::")).isTrue();
        assertThat(IpAddresses.isLiteral("[::1]")).isTrue();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            192.0.2.10                  | 192.0.2.10
            0:0:0:0:0:0:0:0             | ::
            0:0:0:0:0:0:0:1             | ::1
            1:0:0:0:0:0:0:0             | 1::
            2001:DB8:0:0:0:0:0:1        | 2001:db8::1
            2001:0db8:0000:0000:0000:ff00:0042:8329 | 2001:db8::ff00:42:8329
            1:0:0:1:0:0:0:1             | 1:0:0:1::1
            1:0:0:0:1:0:0:1             | 1::1:0:0:1
            2001:db8:0:1:1:1:1:1        | 2001:db8:0:1:1:1:1:1
            fe80:0:0:0:0:0:0:0          | fe80::
            """)
    void formatIsDottedQuadOrRfc5952(String literal, String formatted) throws Exception {
        assertThat(IpAddresses.format(IpAddresses.parse(literal))).isEqualTo(formatted);
    }
}
