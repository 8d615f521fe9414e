package io.edgeplane.gateway.firewall;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One command run to its end, bounded in time, with its exit code and both outputs kept apart: the probes expect
 * failures (a dropped connection is a non-zero exit), and {@code firewall show} prints its script on standard output
 * and its warnings on standard error.
 *
 * @param command  what ran
 * @param exitCode its exit status
 * @param stdout   standard output
 * @param stderr   standard error
 * @param took     how long it ran
 */
record CommandRun(List<String> command, int exitCode, String stdout, String stderr, Duration took) {

    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    CommandRun {
        command = List.copyOf(command);
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(took, "took");
    }

    /**
     * Runs {@code command} with {@code stdin} (or nothing) on its standard input; one that outlives {@code timeout}
     * is killed with what it started, and is an IOException.
     */
    static CommandRun run(List<String> command, Optional<String> stdin, Duration timeout)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).start();
        // Both outputs and the input on threads of their own: a full pipe must not hold the command up.
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        Thread.ofVirtual().start(() -> feed(process.getOutputStream(), stdin));
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            throw new IOException(String.join(" ", command) + " did not finish within " + timeout.toMillis() + " ms");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new CommandRun(command, process.exitValue(), collect(out), collect(err), took);
    }

    boolean succeeded() {
        return exitCode == 0;
    }

    /** This run if it succeeded; an IOException describing it if not. */
    CommandRun orThrow() throws IOException {
        if (!succeeded()) {
            throw new IOException(describe());
        }
        return this;
    }

    /** The run for an assertion's message. */
    String describe() {
        return String.join(" ", command) + " -> exit " + exitCode + " after " + took.toMillis() + " ms"
                + (stdout.isBlank() ? "" : "\n  stdout: " + stdout.strip().replace("\n", "\n          "))
                + (stderr.isBlank() ? "" : "\n  stderr: " + stderr.strip().replace("\n", "\n          "));
    }

    @Override
    public String toString() {
        return describe();
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("(output unreadable: " + e.getMessage() + ")");
            }
        });
        return text;
    }

    private static void feed(OutputStream in, Optional<String> text) {
        try (in) {
            if (text.isPresent()) {
                in.write(text.get().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The command stopped reading; its exit code says why.
        }
    }

    private static String collect(CompletableFuture<String> output) throws InterruptedException {
        try {
            return output.get(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "(output still open " + OUTPUT_GRACE.toSeconds() + " s after the exit: a child holds it)";
        } catch (ExecutionException e) {
            return "(output not read: " + e.getCause() + ")";
        }
    }
}
