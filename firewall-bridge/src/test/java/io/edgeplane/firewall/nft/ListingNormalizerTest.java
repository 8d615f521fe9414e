package io.edgeplane.firewall.nft;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.firewall.testing.Resources;
import org.junit.jupiter.api.Test;

class ListingNormalizerTest {

    private final ListingNormalizer normalizer = new ListingNormalizer();

    @Test
    void wrappedElementListsAreJoinedAndSorted() {
        String wrapped = """
                table inet edgeplane {
                \tset zone_it_if {
                \t\ttype ifname
                \t\tflags interval
                \t\telements = { "eth2",
                \t\t\t     "docker0" }
                \t}
                }
                """;
        assertThat(normalizer.normalize(wrapped)).isEqualTo("""
                table inet edgeplane {
                \tset zone_it_if {
                \t\ttype ifname
                \t\tflags interval
                \t\telements = { "docker0", "eth2" }
                \t}
                }
                """);
    }

    @Test
    void theSameSetWrittenInOneLineOrWrappedReadsTheSame() {
        String oneLine = "\tset s {\n\t\ttype ipv4_addr\n\t\tflags interval\n"
                + "\t\telements = { 192.168.1.7, 10.0.0.0/8, 172.16.0.0/12 }\n\t}\n";
        String wrapped = "\tset s {\n\t\ttype ipv4_addr\n\t\tflags interval\n"
                + "\t\telements = { 10.0.0.0/8, 172.16.0.0/12,\n\t\t\t     192.168.1.7 }\n\t}\n";
        assertThat(normalizer.normalize(oneLine)).isEqualTo(normalizer.normalize(wrapped));
    }

    @Test
    void aDynamicSetLosesTheMembersTrafficGaveIt() {
        String normalized = normalizer.normalize(Resources.text("full-with-meter.txt"));
        assertThat(normalized).doesNotContain("198.18.0.8").contains("\t\ttimeout 4m\n\t}\n");
        assertThat(normalized).isEqualTo(normalizer.normalize(Resources.text("full.txt")));
    }

    @Test
    void aMemberWithItsBucketOnOneLineGoesToo() {
        String meter = """
                \tset m {
                \t\ttype ipv4_addr
                \t\tsize 65535
                \t\tflags dynamic,timeout
                \t\ttimeout 4m
                \t\telements = { 127.0.0.1 limit rate 25/minute burst 100 packets, 127.0.0.2 limit rate 25/minute burst 100 packets }
                \t}
                """;
        assertThat(normalizer.normalize(meter)).doesNotContain("elements");
    }

    @Test
    void countersLoseTheirValues() {
        assertThat(normalizer.normalize("\t\ttcp dport 22 counter packets 12 bytes 720 accept\n"))
                .isEqualTo("\t\ttcp dport 22 counter accept\n");
    }

    @Test
    void quotedNamesWithCommasStayWhole() {
        assertThat(normalizer.normalize("\t\telements = { \"b\", \"a,c\" }\n"))
                .isEqualTo("\t\telements = { \"a,c\", \"b\" }\n");
    }

    @Test
    void trailingWhiteSpaceGoes() {
        assertThat(normalizer.normalize("table inet edgeplane {  \n}")).isEqualTo("table inet edgeplane {\n}\n");
    }
}
