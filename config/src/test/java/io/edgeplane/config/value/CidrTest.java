package io.edgeplane.config.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CidrTest {

    private static InetAddress ip(String literal) throws InvalidValueException {
        return IpAddresses.parse(literal);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            10.0.0.0/8          | 10.0.0.0/8
            10.1.2.3/8          | 10.0.0.0/8
            192.168.1.77/27     | 192.168.1.64/27
            172.31.255.255/12   | 172.16.0.0/12
            0.0.0.0/0           | 0.0.0.0/0
            255.255.255.255/0   | 0.0.0.0/0
            2001:db8::1/32      | 2001:db8::/32
            2001:db8:abcd::/45  | 2001:db8:abc8::/45
            ::/0                | ::/0
            ' 10.0.0.0/08 '     | 10.0.0.0/8
            """)
    void clearsHostBitsAsIptablesDoes(String text, String canonical) throws Exception {
        assertThat(Cidr.parse(text)).hasToString(canonical);
    }

    @Test
    void aBareAddressIsASingleHost() throws Exception {
        Cidr v4 = Cidr.parse("10.0.0.1");
        Cidr v6 = Cidr.parse("2001:db8::1");

        assertThat(v4.prefixLength()).isEqualTo(32);
        assertThat(v4).hasToString("10.0.0.1/32");
        assertThat(v6.prefixLength()).isEqualTo(128);
        assertThat(v6).hasToString("2001:db8::1/128");
    }

    @Test
    void blocksThatDifferOnlyInHostBitsAreEqual() throws Exception {
        assertThat(Cidr.parse("10.1.2.3/8")).isEqualTo(Cidr.parse("10.0.0.0/8"));
        assertThat(new Cidr(ip("10.9.9.9"), 16)).isEqualTo(Cidr.parse("10.9.0.0/16"));
    }

    @Test
    void containsIpv4() throws Exception {
        Cidr block = Cidr.parse("10.0.0.0/8");

        assertThat(block.contains(ip("10.0.0.0"))).isTrue();
        assertThat(block.contains(ip("10.255.255.255"))).isTrue();
        assertThat(block.contains(ip("11.0.0.0"))).isFalse();
        assertThat(block.contains(ip("9.255.255.255"))).isFalse();
    }

    @Test
    void containsWithAPrefixThatIsNotAByteBoundary() throws Exception {
        Cidr block = Cidr.parse("172.16.0.0/12");

        assertThat(block.contains(ip("172.16.0.1"))).isTrue();
        assertThat(block.contains(ip("172.31.255.255"))).isTrue();
        assertThat(block.contains(ip("172.32.0.0"))).isFalse();
        assertThat(block.contains(ip("172.15.255.255"))).isFalse();

        Cidr small = Cidr.parse("192.168.1.64/27");
        assertThat(small.contains(ip("192.168.1.64"))).isTrue();
        assertThat(small.contains(ip("192.168.1.95"))).isTrue();
        assertThat(small.contains(ip("192.168.1.96"))).isFalse();
        assertThat(small.contains(ip("192.168.1.63"))).isFalse();
    }

    @Test
    void containsIpv6IncludingAPrefixThatIsNotAByteBoundary() throws Exception {
        Cidr block = Cidr.parse("2001:db8::/32");
        assertThat(block.contains(ip("2001:db8::1"))).isTrue();
        assertThat(block.contains(ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(block.contains(ip("2001:db9::"))).isFalse();

        Cidr odd = Cidr.parse("2001:db8:abc8::/45");
        assertThat(odd.contains(ip("2001:db8:abc8::1"))).isTrue();
        assertThat(odd.contains(ip("2001:db8:abcf:ffff::"))).isTrue();
        assertThat(odd.contains(ip("2001:db8:abd0::"))).isFalse();
        assertThat(odd.contains(ip("2001:db8:abc7:ffff::"))).isFalse();
    }

    @Test
    void aSingleHostBlockContainsOnlyThatHost() throws Exception {
        assertThat(Cidr.parse("10.0.0.1").contains(ip("10.0.0.1"))).isTrue();
        assertThat(Cidr.parse("10.0.0.1").contains(ip("10.0.0.2"))).isFalse();
        assertThat(Cidr.parse("::1").contains(ip("::1"))).isTrue();
        assertThat(Cidr.parse("::1").contains(ip("::2"))).isFalse();
    }

    @Test
    void zeroPrefixContainsEveryAddressOfItsFamilyOnly() throws Exception {
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
        assertThat(Cidr.parse("::/0").contains(ip("2001:db8::1"))).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains(ip("2001:db8::1"))).isFalse();
    }

    @Test
    void anIpv4AddressIsNeverInsideAnIpv6Block() throws Exception {
        assertThat(Cidr.parse("::/0").contains(ip("10.0.0.1"))).isFalse();
        assertThat(Cidr.parse("::/96").contains(ip("0.0.0.1"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            10.0.0.0/33     | '/33' in '10.0.0.0/33' is not a prefix length of 0..32
            10.0.0.0/       | '/' in '10.0.0.0/' is not a prefix length of 0..32
            10.0.0.0/x      | '/x' in '10.0.0.0/x' is not a prefix length of 0..32
            10.0.0.0/-1     | '/-1' in '10.0.0.0/-1' is not a prefix length of 0..32
            10.0.0.0/0008   | '/0008' in '10.0.0.0/0008' is not a prefix length of 0..32
            ::/129          | '/129' in '::/129' is not a prefix length of 0..128
            foo/8           | 'foo' is not an IP address
            10.0.0/8        | '10.0.0' is not an IP address
            """)
    void rejectsBadBlocks(String text, String message) {
        assertThatThrownBy(() -> Cidr.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(message);
    }

    @Test
    void theConstructorRefusesAPrefixLongerThanTheAddress() throws Exception {
        InetAddress v4 = ip("10.0.0.0");
        assertThatIllegalArgumentException().isThrownBy(() -> new Cidr(v4, 33))
                .withMessage("prefix length must be 0..32, got 33");
        assertThatIllegalArgumentException().isThrownBy(() -> new Cidr(v4, -1));
    }
}
