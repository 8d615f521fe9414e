package io.edgeplane.vrrp.track;

import static org.assertj.core.api.Assertions.fail;

import io.edgeplane.config.vrrp.VrrpScriptConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Shell scripts written for a test, and the config that runs them. */
final class Scripts {

    private Scripts() {
    }

    /** Writes an executable {@code /bin/sh} script. */
    static Path write(Path dir, String name, String body) throws IOException {
        Path script = dir.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    static VrrpScriptConfig config(List<String> command, Duration interval, Duration timeout, int fall, int rise) {
        return new VrrpScriptConfig(command, interval, Optional.of(timeout), 0, fall, rise, Optional.empty(),
                Optional.empty());
    }

    /** The pids a script wrote, one a line. */
    static List<Long> pids(Path file) {
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().map(String::strip).filter(s -> !s.isEmpty())
                    .map(Long::parseLong).toList() : List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether a process runs (a zombie does not). */
    static boolean running(long pid) {
        return ProcessHandle.of(pid).map(ProcessTree::running).orElse(false);
    }

    /** Skips (or fails under EDGEPLANE_REQUIRE_INTEROP=1) when this process cannot switch users. */
    static void requireUserSwitch() {
        String reason = !RunAs.capable() ? "not root (no CAP_SETUID and CAP_SETGID)"
                : Programs.find("setpriv").isEmpty() ? "no setpriv (util-linux)" : null;
        if (reason != null) {
            if ("1".equals(System.getenv("EDGEPLANE_REQUIRE_INTEROP"))) {
                fail(reason + ", and EDGEPLANE_REQUIRE_INTEROP=1 forbids skipping");
            }
            Assumptions.assumeTrue(false, reason + ": skipping the test that runs a script as another user");
        }
    }
}
