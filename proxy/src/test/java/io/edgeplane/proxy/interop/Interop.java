package io.edgeplane.proxy.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Interop tests need real daemons. On a laptop without them they skip with a clear message; with
 * {@code EDGEPLANE_REQUIRE_INTEROP=1} (as {@code .ci/run} sets) a missing daemon fails the test instead.
 */
public final class Interop {

    private Interop() {
    }

    public static boolean required() {
        return "1".equals(System.getenv("EDGEPLANE_REQUIRE_INTEROP"));
    }

    /** The path of {@code program} on PATH or in the sbin directories, or a skip (or failure in CI). */
    public static Path requireProgram(String program, String debianPackage) {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"), new String[] {"/usr/sbin", "/sbin"})
                .flatMap(Stream::of)
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isPresent()) {
            return found.get();
        }
        String message = program + " is not installed (Debian package " + debianPackage + ")";
        if (required()) {
            fail(message + ", and EDGEPLANE_REQUIRE_INTEROP=1 forbids skipping");
        }
        Assumptions.abort(message + "; skipping this interop test");
        throw new IllegalStateException("unreachable");
    }

    /** A loopback port free right now, for a daemon whose config needs one written in. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Waits up to 15 s for {@code daemon} to listen on {@code port}; fails with its {@code log} if it dies or never does. */
    public static void awaitPort(int port, Process daemon, String name, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            assertThat(daemon.isAlive()).as("%s is running: %s", name, Files.readString(log)).isTrue();
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError(name + " did not listen on " + port + ": " + Files.readString(log));
    }
}
