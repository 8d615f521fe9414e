package io.edgeplane.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the interop and namespace tests of every module (VRRP, DHCP, the firewall) need from the machine (root,
 * {@code ip}, {@code nft}, the peer daemons and clients) and how they run a command. Without one of them a test is skipped with the reason; with
 * {@code EDGEPLANE_REQUIRE_INTEROP=1} (as {@code .ci/run} sets) it fails instead.
 */
public final class Interop {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private Interop() {
    }

    /** Skips the test, or fails it under EDGEPLANE_REQUIRE_INTEROP=1, unless {@code condition} holds. */
    public static void require(boolean condition, String reason) {
        if (!condition) {
            if ("1".equals(System.getenv("EDGEPLANE_REQUIRE_INTEROP"))) {
                fail(reason + ", and EDGEPLANE_REQUIRE_INTEROP=1 forbids skipping");
            }
            Assumptions.abort(reason + ": skipping this interop test");
        }
    }

    /** Root, needed for namespaces, veths, bind mounts and raw sockets. */
    public static void requireRoot() {
        require(isRoot(), "not root: network namespaces, veths and raw sockets need it");
    }

    /** A program on the PATH (or in the usual sbin directories), named with the Debian package that has it. */
    public static Path requireProgram(String name, String debianPackage) {
        Optional<Path> program = findProgram(name);
        require(program.isPresent(), "no '" + name + "' command (Debian package " + debianPackage + ")");
        return program.get();
    }

    /** The {@code ip} command (Debian package iproute2). */
    public static Path requireIp() {
        return requireProgram("ip", "iproute2");
    }

    public static Optional<Path> findProgram(String name) {
        return Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")),
                        Stream.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static boolean isRoot() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .anyMatch(line -> line.matches("Uid:\\s+0\\s.*"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code ip args...}; a non-zero exit is an IOException carrying its output. */
    public static String ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(requireIp().toString());
        command.addAll(List.of(args));
        return run(command);
    }

    /** Runs {@code command} inside {@code netns} ({@code ip netns exec}), 10 s at most. */
    public static String inNamespace(String netns, List<String> command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of(requireIp().toString(), "netns", "exec", netns));
        full.addAll(command);
        return run(full);
    }

    /** Sends {@code signal} ({@code USR1}, {@code TERM}...) to {@code pid} with kill(1). */
    public static void signal(long pid, String signal) throws IOException, InterruptedException {
        run(List.of(requireProgram("kill", "procps").toString(), "-" + signal, Long.toString(pid)));
    }

    /** Runs a command to its end (10 s at most); a non-zero exit is an IOException carrying its output. */
    public static String run(List<String> command) throws IOException, InterruptedException {
        return run(command, COMMAND_TIMEOUT);
    }

    /** Runs a command to its end ({@code timeout} at most); a non-zero exit is an IOException with its output. */
    public static String run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        // Read on another thread: a command that hangs without closing its output must not outlive the timeout.
        var output = new CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try (var in = process.getInputStream()) {
                output.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.complete("(output unreadable: " + e.getMessage() + ")");
            }
        });
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toSeconds()
                    + " s");
        }
        String text;
        try {
            text = output.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            text = "(output not read: " + e + ")";
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + text);
        }
        return text;
    }
}
