package io.edgeplane.dhcp.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dhcp.codec.ClientFqdn;
import io.edgeplane.dhcp.codec.DhcpOptions;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Client-sent names made into one DNS label (RFC 1123) or refused. */
class ClientHostNameTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "Anna's iPhone|anna-s-iphone",
            "laptop|laptop",
            "LAPTOP|laptop",
            "laptop.example.com|laptop",
            "laptop.|laptop",
            "my_host|my-host",
            "a  b|a-b",
            "a--b|a--b",
            "xn--bcher-kva|xn--bcher-kva",
            "a - b|a--b",
            "-leading|leading",
            "trailing-|trailing",
            "'quoted'|quoted",
            "Zoë's PC|zo-s-pc",
            "123|123",
            "android-5f3c2a1b|android-5f3c2a1b",
    })
    void namesAreMadeIntoOneLowerCaseLabel(String sent, String label) {
        assertThat(ClientHostName.sanitise(sent)).contains(label);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", " ", "---", "!!!", ".", ".example.com", "'", "ëëë"})
    void namesWithNothingLeftAreRefused(String sent) {
        assertThat(ClientHostName.sanitise(sent)).isEmpty();
    }

    @Test
    void aLongNameIsCutToOneLabelOf63() {
        String sent = "a".repeat(62) + "-" + "b".repeat(10);

        Optional<String> label = ClientHostName.sanitise(sent);

        assertThat(label).hasValueSatisfying(l -> {
            assertThat(l).hasSize(62).isEqualTo("a".repeat(62));
        });
        assertThat(ClientHostName.sanitise("x".repeat(100))).contains("x".repeat(63));
    }

    @Test
    void aNameThatIsALabelAlreadyComesOutAsTheRewriteMakesIt() {
        java.util.Random random = new java.util.Random(11);
        String alphabet = "abz09-.A_";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder name = new StringBuilder();
            for (int length = random.nextInt(70); length > 0; length--) {
                name.append(alphabet.charAt(random.nextInt(random.nextBoolean() ? 6 : alphabet.length())));
            }
            assertThat(ClientHostName.sanitise(name.toString())).as(name.toString())
                    .isEqualTo(ClientHostName.rewrite(name.toString()));
        }
    }

    @Test
    void everySanitisedNameIsAValidLabel() {
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 5000; i++) {
            char[] chars = new char[random.nextInt(80)];
            for (int k = 0; k < chars.length; k++) {
                chars[k] = (char) random.nextInt(0x180);
            }
            ClientHostName.sanitise(new String(chars)).ifPresent(l ->
                    assertThat(l).matches("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?"));
        }
    }

    @Test
    void theFqdnOptionsFirstLabelWinsOverOption12() {
        DhcpOptions options = DhcpOptions.builder()
                .string(DhcpOptions.HOST_NAME, "from-option-12")
                .put(DhcpOptions.CLIENT_FQDN, wireFqdn("Work-Laptop", "corp", "example"))
                .build();

        assertThat(ClientHostName.of(options)).contains("work-laptop");
    }

    @Test
    void theFqdnOptionInItsOldAsciiFormIsReadToo() {
        byte[] ascii = "\0\0\0desk.corp.example".getBytes(StandardCharsets.ISO_8859_1);
        DhcpOptions options = DhcpOptions.builder().put(DhcpOptions.CLIENT_FQDN, ascii).build();

        assertThat(ClientHostName.of(options)).contains("desk");
    }

    @Test
    void anEmptyFqdnFallsBackToOption12() {
        DhcpOptions options = DhcpOptions.builder()
                .string(DhcpOptions.HOST_NAME, "laptop")
                .put(DhcpOptions.CLIENT_FQDN, new byte[] {ClientFqdn.FLAG_E | ClientFqdn.FLAG_S, 0, 0, 0})
                .build();

        assertThat(ClientHostName.of(options)).contains("laptop");
    }

    @Test
    void option12AloneIsUsedAndTrailingNulsAreIgnored() {
        DhcpOptions options = DhcpOptions.builder()
                .put(DhcpOptions.HOST_NAME, "laptop\0".getBytes(StandardCharsets.ISO_8859_1)).build();

        assertThat(ClientHostName.of(options)).contains("laptop");
    }

    @Test
    void noNameOptionMeansNoName() {
        assertThat(ClientHostName.of(DhcpOptions.EMPTY)).isEmpty();
        assertThat(ClientHostName.of(DhcpOptions.builder().string(DhcpOptions.HOST_NAME, "***").build())).isEmpty();
    }

    static byte[] wireFqdn(String... labels) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(ClientFqdn.FLAG_E | ClientFqdn.FLAG_S);
        out.write(0);
        out.write(0);
        for (String label : labels) {
            out.write(label.length());
            out.writeBytes(label.getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(0);
        return out.toByteArray();
    }
}
