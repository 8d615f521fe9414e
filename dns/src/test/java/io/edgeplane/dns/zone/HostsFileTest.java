package io.edgeplane.dns.zone;

import static io.edgeplane.dns.zone.Zones.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /etc/hosts} as it is found in the wild: comments, tabs, CRLF, junk lines, scoped IPv6. */
class HostsFileTest {

    @Test
    void addressesAndNamesWithCommentsBlankLinesAndTabs() {
        HostsFile file = HostsFile.parse("""
                # The following lines are desirable for IPv4 capable hosts
                127.0.0.1\tlocalhost  localhost.localdomain   # loopback

                192.168.77.10 Printer.LAN. printer\t
                   ::1     ip6-localhost ip6-loopback
                2001:db8::10 nas#no space before the comment
                """);
        assertThat(file.entries()).containsExactly(
                new HostsFile.Entry(ip("127.0.0.1"), List.of("localhost", "localhost.localdomain")),
                new HostsFile.Entry(ip("192.168.77.10"), List.of("printer.lan", "printer")),
                new HostsFile.Entry(ip("::1"), List.of("ip6-localhost", "ip6-loopback")),
                new HostsFile.Entry(ip("2001:db8::10"), List.of("nas")));
        assertThat(file.skippedLines()).isZero();
        assertThat(file.skippedNames()).isZero();
    }

    @Test
    void windowsLineEndingsAndNoFinalNewline() {
        HostsFile file = HostsFile.parse("10.0.0.1 a\r\n10.0.0.2 b\r\n10.0.0.3 c");
        assertThat(file.entries()).extracting(e -> e.names().getFirst()).containsExactly("a", "b", "c");
    }

    @Test
    void malformedLinesAreSkippedAndCounted() {
        HostsFile file = HostsFile.parse("""
                fe80::1%eth0 link-local
                not-an-address host1
                10.0.0.1
                10.0.0.2 bad!name also_bad?
                127.1 bsd-short-form
                010.0.0.1 leading-zero
                256.0.0.1 too-big
                1.2.3.4.5 five-parts
                1.2.3. trailing-dot
                2001:db8::zz bad-v6
                10.0.0.3 good
                """);
        assertThat(file.entries()).containsExactly(new HostsFile.Entry(ip("10.0.0.3"), List.of("good")));
        assertThat(file.skippedLines()).isEqualTo(10);
        assertThat(file.skippedNames()).isEqualTo(2);
    }

    @Test
    void invalidNamesAreDroppedFromAnOtherwiseGoodLine() {
        HostsFile file = HostsFile.parse("10.0.0.1 ok bad..name " + "x".repeat(64) + " also-ok ok\n");
        assertThat(file.entries()).containsExactly(new HostsFile.Entry(ip("10.0.0.1"), List.of("ok", "also-ok")));
        assertThat(file.skippedNames()).isEqualTo(2);
        assertThat(file.skippedLines()).isZero();
    }

    @Test
    void anIpv4MappedAddressIsIpv4() {
        assertThat(HostsFile.parse("::ffff:10.0.0.9 mapped").entries().getFirst().address()).isEqualTo(ip("10.0.0.9"));
    }

    @Test
    void emptyAndCommentOnlyTextHasNoEntries() {
        assertThat(HostsFile.parse("")).isEqualTo(new HostsFile(List.of(), 0, 0));
        assertThat(HostsFile.parse("# only\n\n   \t\n#10.0.0.1 commented-out\n")).isEqualTo(new HostsFile(List.of(), 0, 0));
    }

    @Test
    void readsAFile(@TempDir Path dir) throws IOException {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "10.0.0.1 a.lan\n10.0.0.2 b.lan \u00e9t\u00e9\n", StandardCharsets.UTF_8);
        HostsFile file = HostsFile.read(hosts);
        assertThat(file.entries()).hasSize(2);
        assertThat(file.skippedNames()).isEqualTo(1);
    }

    @Test
    void aMissingFileIsAnErrorNamingThePath(@TempDir Path dir) {
        Path missing = dir.resolve("nope");
        assertThatThrownBy(() -> HostsFile.read(missing)).isInstanceOf(IOException.class)
                .hasMessage("cannot read hosts file " + missing + ": no such file");
    }

    @Test
    void aDirectoryIsAnErrorNamingThePath(@TempDir Path dir) {
        assertThatThrownBy(() -> HostsFile.read(dir)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("cannot read hosts file " + dir + ": ");
    }

    @Test
    void aFileOverTheLimitIsAnError(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big");
        Files.writeString(big, "10.0.0.1 a\n".repeat(10));
        assertThat(HostsFile.read(big, 110).entries()).hasSize(10);
        assertThatThrownBy(() -> HostsFile.read(big, 109)).isInstanceOf(IOException.class)
                .hasMessageContaining(big.toString()).hasMessageContaining("larger than 109 bytes");
        assertThat(HostsFile.MAX_BYTES).isEqualTo(64L * 1024 * 1024);
    }
}
