package io.edgeplane.vrrp.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.vrrp.VrrpNotifyConfig;
import io.edgeplane.vrrp.state.StateChange;
import io.edgeplane.vrrp.state.TransitionReason;
import io.edgeplane.vrrp.state.VrrpState;
import io.edgeplane.vrrp.track.ScriptOutcome;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyScriptsTest {

    @TempDir
    Path dir;

    final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    final List<NotifyRun> runs = Collections.synchronizedList(new ArrayList<>());
    NotifyScripts notify = new NotifyScripts(executor, Duration.ofSeconds(10), Duration.ofMillis(200),
            Duration.ofMillis(100), runs::add);

    @AfterEach
    void shutDown() {
        notify.close();
        executor.shutdownNow();
    }

    Path log() {
        return dir.resolve("log");
    }

    /** A program that appends its name, its argument count and its arguments to the log, after {@code sleep}. */
    Path program(String name, String sleep) throws IOException {
        Path program = dir.resolve(name);
        Files.writeString(program, "#!/bin/sh\n" + (sleep.isEmpty() ? "" : "sleep " + sleep + "\n")
                + "echo \"" + name + " $# $*\" >> " + log() + "\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        return program;
    }

    List<String> logged() throws IOException {
        return Files.exists(log()) ? Files.readAllLines(log()) : List.of();
    }

    static StateChange change(String name, VrrpState from, VrrpState to) {
        return new StateChange(name, from, to, TransitionReason.MASTER_DOWN, 0);
    }

    static VrrpNotifyConfig programs(Path master, Path backup, Path fault, Path stop) {
        return new VrrpNotifyConfig(Optional.ofNullable(master).map(Path::toString), Optional.ofNullable(backup).map(Path::toString),
                Optional.ofNullable(fault).map(Path::toString), Optional.ofNullable(stop).map(Path::toString));
    }

    @Test
    void runsTheProgramOfTheNewStateWithoutArgumentsAsKeepalivedsNotifyMaster() throws Exception {
        VrrpNotifyConfig programs = programs(program("master", ""), program("backup", ""), program("fault", ""), program("stop", ""));
        notify.instanceChanged(change("VI_1", VrrpState.INITIALIZE, VrrpState.BACKUP), programs);
        notify.instanceChanged(change("VI_1", VrrpState.BACKUP, VrrpState.MASTER), programs);
        notify.instanceChanged(change("VI_1", VrrpState.MASTER, VrrpState.FAULT), programs);
        notify.instanceChanged(new StateChange("VI_1", VrrpState.FAULT, VrrpState.INITIALIZE, TransitionReason.STOPPED, 0), programs);
        assertThat(notify.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(logged()).containsExactly("backup 0 ", "master 0 ", "fault 0 ", "stop 0 ");
        assertThat(runs).extracting(NotifyRun::subject).containsOnly("instance VI_1");
        assertThat(runs).extracting(NotifyRun::state)
                .containsExactly(VrrpState.BACKUP, VrrpState.MASTER, VrrpState.FAULT, VrrpState.INITIALIZE);
        assertThat(runs).extracting(NotifyRun::outcome).containsOnly(new ScriptOutcome.Exited(0));
    }

    @Test
    void aLaterNotificationNeverOvertakesAnEarlierOneOfTheSameInstanceAndOthersDoNotWait() throws Exception {
        VrrpNotifyConfig slow = programs(program("vi1_master", "0.4"), program("vi1_backup", ""), null, null);
        VrrpNotifyConfig other = programs(program("vi2_master", ""), null, null, null);

        long before = System.nanoTime();
        notify.instanceChanged(change("VI_1", VrrpState.BACKUP, VrrpState.MASTER), slow);
        notify.instanceChanged(change("VI_1", VrrpState.MASTER, VrrpState.BACKUP), slow);
        notify.instanceChanged(change("VI_2", VrrpState.BACKUP, VrrpState.MASTER), other);
        long queuedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        assertThat(notify.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(queuedMillis).as("the caller never waits for a program").isLessThan(300);
        assertThat(logged()).containsExactly("vi2_master 0 ", "vi1_master 0 ", "vi1_backup 0 ");
    }

    @Test
    void aSyncGroupsProgramRunsForTheGroup() throws Exception {
        notify.groupChanged(change("G1", VrrpState.BACKUP, VrrpState.MASTER), programs(program("g1_master", ""), null, null, null));
        assertThat(notify.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(logged()).containsExactly("g1_master 0 ");
        assertThat(runs).extracting(NotifyRun::subject).containsExactly("group G1");
    }

    @Test
    void aStateWithoutAProgramRunsNothing() throws Exception {
        notify.instanceChanged(change("VI_1", VrrpState.BACKUP, VrrpState.FAULT), programs(program("master", ""), null, null, null));
        assertThat(notify.awaitIdle(Duration.ofSeconds(1))).isTrue();
        assertThat(runs).isEmpty();
        assertThat(logged()).isEmpty();
    }

    @Test
    void aProgramPastItsTimeoutIsKilledAndTheNextOneRuns() throws Exception {
        notify.close();
        notify = new NotifyScripts(executor, Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofMillis(100), runs::add);
        Path pids = dir.resolve("pids");
        Path hangs = dir.resolve("hangs");
        Files.writeString(hangs, "#!/bin/sh\nsleep 30 &\necho $! >> " + pids + "\necho $$ >> " + pids + "\nwait\n");
        Files.setPosixFilePermissions(hangs, PosixFilePermissions.fromString("rwxr-xr-x"));
        VrrpNotifyConfig programs = programs(hangs, program("backup", ""), null, null);

        notify.instanceChanged(change("VI_1", VrrpState.BACKUP, VrrpState.MASTER), programs);
        notify.instanceChanged(change("VI_1", VrrpState.MASTER, VrrpState.BACKUP), programs);
        assertThat(notify.awaitIdle(Duration.ofSeconds(10))).isTrue();

        assertThat(runs).extracting(NotifyRun::outcome)
                .containsExactly(new ScriptOutcome.TimedOut(Duration.ofMillis(200)), new ScriptOutcome.Exited(0));
        assertThat(logged()).containsExactly("backup 0 ");
        assertThat(Files.readAllLines(pids)).hasSize(2).allSatisfy(pid ->
                assertThat(ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)
                        && !Files.readString(Path.of("/proc", pid, "stat")).contains(") Z ")).isFalse());
    }

    @Test
    void aStopProgramGetsKeepalivedsShortTimeout() throws Exception {
        notify.instanceChanged(new StateChange("VI_1", VrrpState.MASTER, VrrpState.INITIALIZE, TransitionReason.STOPPED, 0),
                programs(null, null, null, program("stop", "30")));
        assertThat(notify.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(runs).extracting(NotifyRun::outcome).containsExactly(new ScriptOutcome.TimedOut(Duration.ofMillis(200)));
    }

    @Test
    void aMissingProgramIsLoggedAndTheNextOneStillRuns() throws Exception {
        VrrpNotifyConfig programs = programs(dir.resolve("missing"), program("backup", ""), null, null);
        notify.instanceChanged(change("VI_1", VrrpState.BACKUP, VrrpState.MASTER), programs);
        notify.instanceChanged(change("VI_1", VrrpState.MASTER, VrrpState.BACKUP), programs);
        assertThat(notify.awaitIdle(Duration.ofSeconds(10))).isTrue();
        assertThat(runs.getFirst().outcome()).isInstanceOf(ScriptOutcome.NotRun.class);
        assertThat(runs.getFirst().outcome().toString()).contains("does not exist");
        assertThat(logged()).containsExactly("backup 0 ");
    }

    @Test
    void closeKillsTheRunningProgramAndDropsTheQueuedOnes() throws Exception {
        VrrpNotifyConfig programs = programs(program("master", "30"), program("backup", ""), null, null);
        notify.instanceChanged(change("VI_1", VrrpState.BACKUP, VrrpState.MASTER), programs);
        notify.instanceChanged(change("VI_1", VrrpState.MASTER, VrrpState.BACKUP), programs);
        Thread.sleep(100);

        notify.close();

        assertThat(notify.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(runs).extracting(NotifyRun::outcome).containsExactly(new ScriptOutcome.Stopped());
        assertThat(logged()).isEmpty();
        notify.instanceChanged(change("VI_1", VrrpState.BACKUP, VrrpState.MASTER), programs);
        assertThat(notify.awaitIdle(Duration.ofSeconds(1))).isTrue();
        assertThat(runs).hasSize(1);
    }
}
