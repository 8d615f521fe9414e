package io.edgeplane.vrrp.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.vrrp.VrrpScriptConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptCheckTest {

    @TempDir
    Path dir;

    final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    final List<ScriptCheck> checks = new ArrayList<>();
    final List<TrackedState> seen = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void shutDown() {
        checks.forEach(ScriptCheck::close);
        scheduler.shutdownNow();
        executor.shutdownNow();
    }

    ScriptCheck check(VrrpScriptConfig config) {
        ScriptCheck check = new ScriptCheck("chk", config, scheduler, executor, Duration.ofMillis(100));
        checks.add(check);
        check.subscribe(() -> seen.add(check.state()));
        return check;
    }

    /** Replaces a file at once, so a script never reads it half-written. */
    static void replace(Path file, String content) throws java.io.IOException {
        Path next = file.resolveSibling(file.getFileName() + ".next");
        Files.writeString(next, content);
        Files.move(next, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void followsTheExitStatusWithFallAndRise() throws Exception {
        Path status = dir.resolve("status");
        Path runs = dir.resolve("runs");
        replace(status, "0");
        Path script = Scripts.write(dir, "chk", "s=$(cat " + status + ")\necho $s >> " + runs + "\nexit $s");
        ScriptCheck check = check(Scripts.config(List.of(script.toString()), Duration.ofMillis(30), Duration.ofSeconds(5), 3, 2));
        assertThat(check.name()).isEqualTo("script chk");
        assertThat(check.state()).isEqualTo(TrackedState.UNKNOWN);

        check.start();
        Eventually.await("up after the first success", Duration.ofSeconds(5), () -> check.state() == TrackedState.UP);
        replace(status, "1");
        Eventually.await("down after failures", Duration.ofSeconds(5), () -> check.state() == TrackedState.DOWN);
        replace(status, "0");
        Eventually.await("up again", Duration.ofSeconds(5), () -> check.state() == TrackedState.UP);
        check.close();

        assertThat(seen).containsExactly(TrackedState.UP, TrackedState.DOWN, TrackedState.UP);
        // Between the first failure and DOWN there were at least fall (3) failed runs; rise (2) successes after.
        List<String> results = Files.readAllLines(runs);
        int firstFailure = results.indexOf("1");
        int lastFailure = results.lastIndexOf("1");
        assertThat(lastFailure - firstFailure + 1).isGreaterThanOrEqualTo(3);
        assertThat(results.subList(lastFailure + 1, results.size())).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void aScriptRunningPastItsTimeoutIsKilledAndCountsAsFailed() throws Exception {
        Path pids = dir.resolve("pids");
        Path script = Scripts.write(dir, "slow", "sleep 30 &\necho $! >> " + pids + "\necho $$ >> " + pids + "\nwait");
        ScriptCheck check = check(Scripts.config(List.of(script.toString()), Duration.ofSeconds(30), Duration.ofMillis(200), 1, 1));

        check.start();
        Eventually.await("down after the timeout", Duration.ofSeconds(5), () -> check.state() == TrackedState.DOWN);

        List<Long> written = Scripts.pids(pids);
        assertThat(written).hasSize(2);
        Eventually.await("no process left", Duration.ofSeconds(3), () -> written.stream().noneMatch(Scripts::running));
    }

    @Test
    void aNonZeroExitIsAFailure() throws Exception {
        Path script = Scripts.write(dir, "fails", "exit 1");
        ScriptCheck check = check(Scripts.config(List.of(script.toString()), Duration.ofSeconds(30), Duration.ofSeconds(5), 1, 1));
        check.start();
        Eventually.await("down", Duration.ofSeconds(5), () -> check.state() == TrackedState.DOWN);
        assertThat(seen).containsExactly(TrackedState.DOWN);
    }

    @Test
    void aMissingProgramCountsAsAFailure() {
        ScriptCheck check = check(Scripts.config(List.of(dir.resolve("missing").toString(), "arg"), Duration.ofSeconds(30),
                Duration.ofSeconds(5), 1, 1));
        check.start();
        Eventually.await("down", Duration.ofSeconds(5), () -> check.state() == TrackedState.DOWN);
    }

    @Test
    void closeKillsTheRunningScriptAndNothingIsReported() throws Exception {
        Path pids = dir.resolve("pids");
        Path script = Scripts.write(dir, "hangs", "sleep 30 &\necho $! >> " + pids + "\necho $$ >> " + pids + "\nwait");
        ScriptCheck check = check(Scripts.config(List.of(script.toString()), Duration.ofMillis(50), Duration.ofSeconds(30), 1, 1));
        check.start();
        Eventually.await("the script started", Duration.ofSeconds(5), () -> Scripts.pids(pids).size() == 2);
        List<Long> written = Scripts.pids(pids);

        check.close();

        Eventually.await("no process left", Duration.ofSeconds(3), () -> written.stream().noneMatch(Scripts::running));
        Thread.sleep(200);
        assertThat(Scripts.pids(pids)).hasSize(2).as("no run after close");
        assertThat(check.state()).isEqualTo(TrackedState.UNKNOWN);
        assertThat(seen).isEmpty();
    }

    @Test
    void runsAsAnotherUserWithThatUsersPrimaryGroupAndNoOtherGroups() throws Exception {
        Scripts.requireUserSwitch();
        // The script and its output must be reachable by nobody: a directory of its own, open to all.
        Path shared = Files.createTempDirectory("vrrp-track-");
        try {
            Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path out = shared.resolve("ids");
            Path script = Scripts.write(shared, "whoami", "echo $(id -u) $(id -g) $(id -G) > " + out);
            VrrpScriptConfig config = new VrrpScriptConfig(List.of(script.toString()), Duration.ofSeconds(30),
                    Optional.of(Duration.ofSeconds(5)), 0, 1, 1, Optional.of("nobody"), Optional.empty());
            ScriptCheck check = check(config);
            check.start();
            Eventually.await("up", Duration.ofSeconds(5), () -> check.state() == TrackedState.UP);

            String nobodyGroup = new String(new ProcessBuilder("id", "-g", "nobody").start().getInputStream().readAllBytes()).strip();
            assertThat(Files.readString(out).strip()).isEqualTo("65534 " + nobodyGroup + " " + nobodyGroup);
        } finally {
            try (var files = Files.list(shared)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(shared);
        }
    }

    @Test
    void anImpossibleUserIsAClearErrorAtStart() throws Exception {
        Path script = Scripts.write(dir, "ok", "exit 0");
        VrrpScriptConfig config = new VrrpScriptConfig(List.of(script.toString()), Duration.ofSeconds(30),
                Optional.empty(), 0, 1, 1, Optional.of("no_such_user_here"), Optional.empty());
        ScriptCheck check = check(config);
        assertThatThrownBy(check::start).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("script chk: cannot run as user no_such_user_here")
                .hasMessageContaining(RunAs.capable() ? "there is no user 'no_such_user_here'" : "without CAP_SETUID and CAP_SETGID");
    }
}
