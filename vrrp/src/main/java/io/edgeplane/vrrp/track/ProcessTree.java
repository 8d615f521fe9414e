package io.edgeplane.vrrp.track;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A child process and everything it started, killed together: keepalived signals a timed-out script's process
 * group. Here a script runs in a session of its own ({@code setsid}), so its group is its pid; members are found
 * by the group in {@code /proc} and, besides, as the leader's descendants, which also covers a child that left
 * the group. Handles once found are kept, so a grandchild orphaned by its parent's death is still killed.
 */
final class ProcessTree {

    private static final Path PROC = Path.of("/proc");
    private static final long POLL_MILLIS = 10;

    private final ProcessHandle leader;
    private final Map<Long, ProcessHandle> seen = new LinkedHashMap<>();

    ProcessTree(ProcessHandle leader) {
        this.leader = leader;
    }

    /**
     * Sends SIGTERM to every member, then SIGKILL to whatever is left after {@code grace} (at once when grace is
     * zero), and waits up to {@code reap} for the members to be gone. Returns whether they are.
     */
    boolean kill(Duration grace, Duration reap) {
        if (!grace.isZero() && signalUntilGone(false, grace)) {
            return true;
        }
        return signalUntilGone(true, reap);
    }

    /** Signals each member once, members that appear meanwhile too, until none is left or {@code wait} is over. */
    private boolean signalUntilGone(boolean force, Duration wait) {
        Set<Long> signalled = new HashSet<>();
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<ProcessHandle> alive = members();
            if (alive.isEmpty()) {
                return true;
            }
            for (ProcessHandle member : alive) {
                if (signalled.add(member.pid())) {
                    if (force) {
                        member.destroyForcibly();
                    } else {
                        member.destroy();
                    }
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                alive.getFirst().onExit().get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return members().isEmpty();
            } catch (ExecutionException | TimeoutException notYet) {
                // Look again.
            }
        }
    }

    /** The members alive now, the leader first. */
    List<ProcessHandle> members() {
        remember(leader);
        leader.descendants().forEach(this::remember);
        for (long pid : groupMembers(leader.pid())) {
            ProcessHandle.of(pid).ifPresent(this::remember);
        }
        for (ProcessHandle known : List.copyOf(seen.values())) {
            known.descendants().forEach(this::remember);
        }
        List<ProcessHandle> alive = new ArrayList<>();
        for (ProcessHandle member : seen.values()) {
            if (running(member)) {
                alive.add(member);
            }
        }
        return alive;
    }

    private void remember(ProcessHandle handle) {
        seen.putIfAbsent(handle.pid(), handle);
    }

    /**
     * Whether the process runs: alive and not a zombie. An orphan killed here is reaped by init, or by nobody in a
     * container whose first process does not reap; either way it is gone.
     */
    static boolean running(ProcessHandle process) {
        return process.isAlive() && stat(process.pid()).map(s -> s.state() != 'Z' && s.state() != 'X').orElse(false);
    }

    /** The processes whose process group is {@code pgid}, from {@code /proc/PID/stat}. */
    static List<Long> groupMembers(long pgid) {
        List<Long> members = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(PROC)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.isEmpty() || !Character.isDigit(name.charAt(0))) {
                    continue;
                }
                long pid = Long.parseLong(name);
                stat(pid).filter(s -> s.processGroup() == pgid).ifPresent(s -> members.add(pid));
            }
        } catch (IOException | RuntimeException e) {
            // No /proc: the descendants alone must do.
        }
        return members;
    }

    /** The state and process group of a process, the third and fifth fields of {@code /proc/PID/stat}. */
    record Stat(char state, long processGroup) {
    }

    static Optional<Stat> stat(long pid) {
        try {
            String line = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
            // The second field, the command, may hold spaces and parentheses: the fields resume after the last ')'.
            int end = line.lastIndexOf(')');
            if (end < 0 || end + 2 >= line.length()) {
                return Optional.empty();
            }
            String[] fields = line.substring(end + 2).split(" ", 4);
            return fields.length < 3 ? Optional.empty() : Optional.of(new Stat(fields[0].charAt(0), Long.parseLong(fields[2])));
        } catch (IOException | RuntimeException gone) {
            return Optional.empty();
        }
    }
}
