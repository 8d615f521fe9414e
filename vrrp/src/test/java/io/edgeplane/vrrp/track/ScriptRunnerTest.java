package io.edgeplane.vrrp.track;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScriptRunnerTest {

    @TempDir
    Path dir;

    final ScriptRunner runner = new ScriptRunner(Duration.ofMillis(100));

    @Test
    void exitStatusZeroIsASuccessAndAnyOtherAFailure() throws Exception {
        assertThat(runner.run(List.of(Scripts.write(dir, "ok", "exit 0").toString()), RunAs.self(), Duration.ofSeconds(5)))
                .isEqualTo(new ScriptOutcome.Exited(0))
                .matches(ScriptOutcome::success);
        ScriptOutcome failed = runner.run(List.of(Scripts.write(dir, "three", "exit 3").toString()), RunAs.self(),
                Duration.ofSeconds(5));
        assertThat(failed).isEqualTo(new ScriptOutcome.Exited(3));
        assertThat(failed.success()).isFalse();
        assertThat(failed.verdict()).isTrue();
    }

    @Test
    void argumentsArePassedAsWordsWithoutAShell() throws Exception {
        Path out = dir.resolve("args.out");
        Path script = Scripts.write(dir, "args", "for a in \"$@\"; do echo \"[$a]\" >> " + out + "; done");
        assertThat(runner.run(List.of(script.toString(), "two words", "$HOME", "*"), RunAs.self(), Duration.ofSeconds(5))
                .success()).isTrue();
        assertThat(Files.readAllLines(out)).containsExactly("[two words]", "[$HOME]", "[*]");
    }

    @Test
    void aChattyProgramNeverBlocksOnItsOutput() throws Exception {
        Path script = Scripts.write(dir, "chatty", "head -c 4000000 /dev/zero; head -c 4000000 /dev/zero >&2; exit 0");
        assertThat(runner.run(List.of(script.toString()), RunAs.self(), Duration.ofSeconds(10)))
                .isEqualTo(new ScriptOutcome.Exited(0));
    }

    @Test
    void aMissingProgramIsNotRunAndSaysWhy() {
        ScriptOutcome outcome = runner.run(List.of(dir.resolve("nope").toString()), RunAs.self(), Duration.ofSeconds(5));
        assertThat(outcome).isInstanceOf(ScriptOutcome.NotRun.class);
        assertThat(outcome.toString()).contains("program " + dir.resolve("nope") + " does not exist");
        assertThat(outcome.success()).isFalse();
    }

    @Test
    void aProgramWithoutExecutePermissionIsNotRun() throws Exception {
        Path script = Scripts.write(dir, "noexec", "exit 0");
        Files.setPosixFilePermissions(script, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        // Root may read anything but still needs an execute bit to run it.
        assertThat(runner.run(List.of(script.toString()), RunAs.self(), Duration.ofSeconds(5)).toString())
                .contains("is not executable");
    }

    @Test
    void aTimeoutKillsTheWholeTreeAndCountsAsAFailure() throws Exception {
        Path pids = dir.resolve("pids");
        // A shell with a child, and a subshell with a child of its own that the subshell's death would orphan.
        Path script = Scripts.write(dir, "slow", String.join("\n",
                "( sleep 30 & echo $! >> " + pids + "; wait ) &",
                "echo $! >> " + pids,
                "sleep 30 &",
                "echo $! >> " + pids,
                "echo $$ >> " + pids,
                "wait"));
        long started = System.nanoTime();
        ScriptOutcome outcome = runner.run(List.of(script.toString()), RunAs.self(), Duration.ofMillis(300));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(outcome).isEqualTo(new ScriptOutcome.TimedOut(Duration.ofMillis(300)));
        assertThat(outcome.success()).isFalse();
        assertThat(tookMillis).isBetween(300L, 5_000L);
        List<Long> written = Scripts.pids(pids);
        assertThat(written).hasSize(4);
        Eventually.await("every process of the tree gone", Duration.ofSeconds(3),
                () -> written.stream().noneMatch(Scripts::running));
    }

    @Test
    void closeKillsWhatRunsAndLaterRunsDoNotStart() throws Exception {
        Path pids = dir.resolve("pids");
        Path script = Scripts.write(dir, "long", "sleep 30 &\necho $! >> " + pids + "\necho $$ >> " + pids + "\nwait");
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<ScriptOutcome> outcome = CompletableFuture.supplyAsync(
                    () -> runner.run(List.of(script.toString()), RunAs.self(), Duration.ofSeconds(30)), executor);
            Eventually.await("the script started", Duration.ofSeconds(5), () -> Scripts.pids(pids).size() == 2);
            List<Long> written = Scripts.pids(pids);

            runner.close();

            assertThat(outcome.get(5, TimeUnit.SECONDS)).isEqualTo(new ScriptOutcome.Stopped());
            assertThat(outcome.get().verdict()).isFalse();
            Eventually.await("every process of the tree gone", Duration.ofSeconds(3),
                    () -> written.stream().noneMatch(Scripts::running));
        }
        assertThat(runner.run(List.of(script.toString()), RunAs.self(), Duration.ofSeconds(1)))
                .isEqualTo(new ScriptOutcome.Stopped());
    }
}
