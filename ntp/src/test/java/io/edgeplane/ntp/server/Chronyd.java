package io.edgeplane.ntp.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * chronyd as an NTP client of the server under test, in its query-only mode: {@code chronyd -Q} measures the
 * offset between the system clock and the server's time and prints it, without ever touching the system
 * clock ("Disabled control of system clock"). Missing, the test is skipped with a message; with
 * {@code EDGEPLANE_REQUIRE_INTEROP=1} (as {@code .ci/run} sets) it fails instead.
 */
final class Chronyd {

    private static final Pattern OFFSET = Pattern.compile("System clock wrong by (-?[0-9.]+) seconds");

    private Chronyd() {
    }

    /** What one {@code chronyd -Q} run printed, and the offset it measured if it got one. */
    record Run(String output, Optional<Double> offsetSeconds) {
    }

    /**
     * {@code chronyd -Q -f /dev/null -t timeout "server 127.0.0.1 port P iburst maxsamples 4"}, chrony's own
     * {@code ntpdate}: it polls the server (a burst of four at first), prints how far off the system clock is
     * and exits, or gives up after {@code timeoutSeconds}.
     */
    static Run query(int port, int timeoutSeconds) throws IOException, InterruptedException {
        Path chronyd = require();
        List<String> command = new ArrayList<>(List.of(chronyd.toString(), "-Q", "-f", "/dev/null",
                "-t", Integer.toString(timeoutSeconds), "server 127.0.0.1 port " + port + " iburst maxsamples 4"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds + 10L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish within " + (timeoutSeconds + 10) + " s");
        }
        String output = new String(out, StandardCharsets.UTF_8);
        Matcher matcher = OFFSET.matcher(output);
        return new Run(output, matcher.find() ? Optional.of(Double.parseDouble(matcher.group(1))) : Optional.empty());
    }

    /**
     * Starts {@code chronyd -x} (it never touches the system clock) in the foreground as an NTP server on
     * 127.0.0.1:{@code port} serving its own clock at {@code local stratum}, with no command port; the caller
     * destroys the process.
     */
    static Process serve(Path dir, int port, int stratum) throws IOException {
        Path conf = dir.resolve("chrony.conf");
        Files.writeString(conf, String.join("\n",
                "port " + port, "bindaddress 127.0.0.1", "local stratum " + stratum, "allow 127.0.0.1", "cmdport 0",
                "pidfile " + dir.resolve("chronyd.pid"), ""));
        return new ProcessBuilder(require().toString(), "-x", "-d", "-u", "root", "-f", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("chronyd.log").toFile()).start();
    }

    private static Path require() {
        Optional<Path> found = Stream.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(":")),
                        Stream.of("/usr/sbin", "/sbin"))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "chronyd"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String message = "chronyd is not installed (Debian package chrony)";
            if ("1".equals(System.getenv("EDGEPLANE_REQUIRE_INTEROP"))) {
                fail(message + ", and EDGEPLANE_REQUIRE_INTEROP=1 forbids skipping");
            }
            Assumptions.abort(message + "; skipping this interop test");
        }
        return found.get();
    }
}
