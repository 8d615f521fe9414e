package io.edgeplane.firewall.nft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The process plumbing, with ordinary programs standing in for nft (sh, cat, sleep): no root needed. */
class ProcessNftCommandTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Test
    void passesStdinAndReturnsBothOutputsAndTheExitCode() throws Exception {
        var sh = new ProcessNftCommand(List.of("/bin/sh", "-c"), TIMEOUT);
        NftResult result = sh.run(List.of("cat; echo oops >&2; exit 3"), Optional.of("table inet edgeplane\n"));
        assertThat(result).isEqualTo(new NftResult(3, "table inet edgeplane\n", "oops\n"));
        assertThat(result.succeeded()).isFalse();
    }

    @Test
    void withoutStdinTheProgramReadsEndOfFileAtOnce() throws Exception {
        var cat = new ProcessNftCommand(List.of("/bin/cat"), TIMEOUT);
        assertThat(cat.run(List.of(), Optional.empty())).isEqualTo(new NftResult(0, "", ""));
    }

    @Test
    @Timeout(20)
    void largeInputAndOutputsBothWaysDoNotDeadlock() throws Exception {
        // 4 MB in, 4 MB back on stdout and on stderr: far beyond a pipe's 64 KiB, so one blocked pipe would hang.
        String big = "elements = { 10.0.0.1 }\n".repeat(4 * 1024 * 1024 / 24);
        var sh = new ProcessNftCommand(List.of("/bin/sh", "-c"), TIMEOUT);
        NftResult result = sh.run(List.of("tee /dev/stderr"), Optional.of(big));
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo(big);
        assertThat(result.stderr()).isEqualTo(big);
    }

    @Test
    @Timeout(10)
    void aRunThatOutlivesTheTimeoutIsKilledAndReported() {
        var sleep = new ProcessNftCommand(List.of("/bin/sleep"), Duration.ofMillis(300));
        long start = System.nanoTime();
        assertThatThrownBy(() -> sleep.run(List.of("30"), Optional.empty()))
                .isInstanceOf(NftException.class)
                .hasMessage("'/bin/sleep 30' did not finish within 300 ms and was killed");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    @Timeout(10)
    void aChildThatKeepsTheOutputOpenIsKilledToo() {
        var sh = new ProcessNftCommand(List.of("/bin/sh", "-c"), Duration.ofMillis(300));
        assertThatThrownBy(() -> sh.run(List.of("sleep 30; true"), Optional.empty()))
                .isInstanceOf(NftException.class)
                .hasMessageContaining("did not finish within 300 ms");
    }

    @Test
    void aProgramThatCannotStartIsAnException() {
        var missing = new ProcessNftCommand(List.of("/nonexistent/nft"), TIMEOUT);
        assertThatThrownBy(() -> missing.run(List.of("list", "ruleset"), Optional.empty()))
                .isInstanceOf(NftException.class)
                .hasMessageStartingWith("could not start '/nonexistent/nft list ruleset': ");
    }

    @Test
    void aProgramThatStopsReadingEarlyStillGivesItsAnswer() throws Exception {
        var sh = new ProcessNftCommand(List.of("/bin/sh", "-c"), TIMEOUT);
        NftResult result = sh.run(List.of("echo refused >&2; exit 1"), Optional.of("x\n".repeat(1_000_000)));
        assertThat(result).isEqualTo(new NftResult(1, "", "refused\n"));
    }

    @Test
    void theConstructorRefusesWhatCannotWork() {
        assertThatThrownBy(() -> new ProcessNftCommand(List.of(), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("prefix is empty");
        assertThatThrownBy(() -> new ProcessNftCommand(List.of("nft"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("timeout must be positive, got PT0S");
    }
}
