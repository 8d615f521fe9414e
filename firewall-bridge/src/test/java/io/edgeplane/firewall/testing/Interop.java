package io.edgeplane.firewall.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * What the namespace tests need from the machine (root, {@code ip}, {@code nft}) and how they run a command; the
 * same rules as gateway's interop tests, kept here so this module does not depend on gateway. Without one of them a
 * test is skipped with the reason; with {@code EDGEPLANE_REQUIRE_INTEROP=1} (as {@code .ci/run} sets) it fails.
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

    /** Root, needed for network namespaces and nftables. */
    public static void requireRoot() {
        require(isRoot(), "not root: network namespaces and nftables need it");
    }

    /** A program on the PATH (or in the usual sbin directories), named with the Debian package that has it. */
    public static Path requireProgram(String name, String debianPackage) {
        Optional<Path> program = findProgram(name);
        require(program.isPresent(), "no '" + name + "' command (Debian package " + debianPackage + ")");
        return program.get();
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

    /** Runs a command to its end (10 s at most); a non-zero exit is an IOException carrying its output. */
    public static String run(List<String> command) throws IOException, InterruptedException {
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
        if (!process.waitFor(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT.toSeconds()
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
