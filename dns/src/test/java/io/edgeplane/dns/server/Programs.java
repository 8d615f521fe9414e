package io.edgeplane.dns.server;

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
 * Real DNS tools for interop tests. Missing on a laptop, the test skips with a clear message; with
 * {@code EDGEPLANE_REQUIRE_INTEROP=1} (as {@code .ci/run} sets) a missing tool fails it instead.
 */
final class Programs {

    private Programs() {
    }

    static Path require(String program, String debianPackage) {
        // Daemons such as unbound live in /usr/sbin, which a non-root PATH often leaves out.
        Optional<Path> found = Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")),
                        Stream.of("/usr/sbin", "/sbin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String message = program + " is not installed (Debian package " + debianPackage + ")";
            if ("1".equals(System.getenv("EDGEPLANE_REQUIRE_INTEROP"))) {
                fail(message + ", and EDGEPLANE_REQUIRE_INTEROP=1 forbids skipping");
            }
            Assumptions.abort(message + "; skipping this interop test");
        }
        return found.get();
    }

    /** {@code dig @127.0.0.1 -p port} with {@code args}: one try, 3 s. */
    static String dig(int port, String... args) throws IOException, InterruptedException {
        return run(command(require("dig", "dnsutils"), port, List.of("+time=3", "+tries=1"), args));
    }

    /** {@code kdig @127.0.0.1 -p port} with {@code args}: no retry, 3 s. */
    static String kdig(int port, String... args) throws IOException, InterruptedException {
        return run(command(require("kdig", "knot-dnsutils"), port, List.of("+time=3", "+retry=0"), args));
    }

    private static List<String> command(Path program, int port, List<String> limits, String... args) {
        List<String> command = new ArrayList<>(List.of(program.toString(), "@127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(limits);
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@code command} (bounded to 20 s) and returns what it printed, stdout and stderr together. */
    static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within 20 s");
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
