package io.edgeplane.gateway.vrrp;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the interop tests need from the machine (root, {@code ip}, keepalived) and how they run a command. Without
 * one of them a test is skipped with the reason; with {@code EDGEPLANE_REQUIRE_INTEROP=1} (as {@code .ci/run} sets)
 * it fails instead.
 */
final class Interop {

    private static final long COMMAND_TIMEOUT_SECONDS = 10;

    private Interop() {
    }

    /** Skips the test, or fails it under EDGEPLANE_REQUIRE_INTEROP=1, unless {@code condition} holds. */
    static void require(boolean condition, String reason) {
        if (!condition) {
            if ("1".equals(System.getenv("EDGEPLANE_REQUIRE_INTEROP"))) {
                fail(reason + ", and EDGEPLANE_REQUIRE_INTEROP=1 forbids skipping");
            }
            Assumptions.abort(reason + ": skipping this VRRP interop test");
        }
    }

    /** Root, needed for namespaces, veths and raw sockets. */
    static void requireRoot() {
        require(isRoot(), "not root: network namespaces, veths and raw sockets need it");
    }

    /** The {@code ip} command (Debian package iproute2), with its {@code bridge} sibling. */
    static Path requireIp() {
        Optional<Path> ip = findProgram("ip");
        require(ip.isPresent(), "no 'ip' command (Debian package iproute2)");
        return ip.get();
    }

    /** keepalived's executable (Debian package keepalived). */
    static Path requireKeepalived() {
        Optional<Path> keepalived = findProgram("keepalived");
        require(keepalived.isPresent(), "keepalived is not installed (Debian package keepalived)");
        return keepalived.get();
    }

    static Optional<Path> findProgram(String name) {
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
    static String ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(requireIp().toString());
        command.addAll(List.of(args));
        return run(command);
    }

    /** Runs a command to its end (10 s at most); a non-zero exit is an IOException carrying its output. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT_SECONDS
                    + " s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + output);
        }
        return output;
    }
}
