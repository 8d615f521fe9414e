package io.edgeplane.config.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterfaceAddressTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            138.197.55.84/24      | 138.197.55.84/24   | 138.197.55.0/24
            10.0.0.5              | 10.0.0.5/32        | 10.0.0.5/32
            ' 10.0.0.5/08 '       | 10.0.0.5/8         | 10.0.0.0/8
            2001:db8::10/64       | 2001:db8::10/64    | 2001:db8::/64
            fe80::1               | fe80::1/128        | fe80::1/128
            """)
    void keepsTheHostBitsThatACidrClears(String text, String canonical, String network) throws Exception {
        InterfaceAddress address = InterfaceAddress.parse(text);

        assertThat(address).hasToString(canonical);
        assertThat(address.network()).hasToString(network);
        assertThat(address.isIpv6()).isEqualTo(canonical.contains(":"));
        assertThat(InterfaceAddress.parse(address.toString())).isEqualTo(address);
    }

    @Test
    void refusesWhatIsNotAnAddressWithAPrefix() {
        assertThatThrownBy(() -> InterfaceAddress.parse("10.0.0.5/33"))
                .isInstanceOf(InvalidValueException.class).hasMessage("'/33' in '10.0.0.5/33' is not a prefix length of 0..32");
        assertThatThrownBy(() -> InterfaceAddress.parse("2001:db8::1/129"))
                .isInstanceOf(InvalidValueException.class).hasMessage("'/129' in '2001:db8::1/129' is not a prefix length of 0..128");
        assertThatThrownBy(() -> InterfaceAddress.parse("10.0.0.5/")).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> InterfaceAddress.parse("vip.example/24"))
                .isInstanceOf(InvalidValueException.class).hasMessage("'vip.example' is not an IP address");
        assertThatIllegalArgumentException().isThrownBy(() -> new InterfaceAddress(IpAddresses.parse("10.0.0.5"), 40));
    }
}
