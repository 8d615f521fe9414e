package io.edgeplane.config.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ethernet addresses as dnsmasq's dhcp-host takes them: one canonical form for every spelling. */
class MacAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {"52:54:00:ab:cd:ef", "52:54:00:AB:CD:EF", "52-54-00-ab-cd-ef", "52-54-00-Ab-cD-EF",
            " 52:54:00:ab:cd:ef\t"})
    void everySpellingOfOneAddressIsTheSameAddress(String text) throws Exception {
        MacAddress mac = MacAddress.parse(text);

        assertThat(mac).isEqualTo(new MacAddress("52:54:00:ab:cd:ef"));
        assertThat(mac).hasSameHashCodeAs(new MacAddress("52:54:00:ab:cd:ef"));
        assertThat(mac.text()).isEqualTo("52:54:00:ab:cd:ef");
        assertThat(mac).hasToString("52:54:00:ab:cd:ef");
    }

    @Test
    void differentAddressesDiffer() throws Exception {
        assertThat(MacAddress.parse("52:54:00:ab:cd:ef")).isNotEqualTo(MacAddress.parse("52:54:00:ab:cd:ee"));
    }

    @Test
    void bytesAreTheSixOctetsInOrder() throws Exception {
        assertThat(MacAddress.parse("52:54:00:AB:CD:EF").bytes())
                .containsExactly(0x52, 0x54, 0x00, 0xab, 0xcd, 0xef);
        assertThat(MacAddress.parse("ff-ff-ff-ff-ff-ff").bytes())
                .containsExactly(0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
        assertThat(MacAddress.parse("00:00:00:00:00:00").bytes()).containsExactly(0, 0, 0, 0, 0, 0);
    }

    @Test
    void bytesAreACopy() throws Exception {
        MacAddress mac = MacAddress.parse("52:54:00:ab:cd:ef");
        mac.bytes()[0] = 0;

        assertThat(mac.bytes()[0]).isEqualTo((byte) 0x52);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "52:54:00:12:34", "52:54:00:12:34:56:78", "525400123456", "5254.0012.3456",
            "52:54-00:12:34:56", "52-54-00-12-34:56", "52:54:00:12:34:5g", "52:54:00:12:34:5", "2:54:00:12:34:567",
            "52 54 00 12 34 56", "52:54:00:12:34:56:", ":52:54:00:12:34:5", "52::54:00:12:34:5",
            "\u0665\u0662:54:00:12:34:56", "\uff15\uff12:54:00:12:34:56"})
    void anythingButSixHexPairsIsRefusedNamingTheText(String text) {
        assertThatThrownBy(() -> MacAddress.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage("'" + text + "' is not a MAC address");
    }

    @Test
    void theRecordHoldsOnlyTheCanonicalForm() {
        for (String text : new String[] {"52:54:00:AB:CD:EF", "52-54-00-ab-cd-ef", " 52:54:00:ab:cd:ef", "52:54:00:ab:cd"}) {
            assertThatIllegalArgumentException().isThrownBy(() -> new MacAddress(text))
                    .withMessage("'" + text + "' is not a canonical MAC address; expected " + MacAddress.EXPECTED);
        }
    }
}
