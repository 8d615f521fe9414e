package io.edgeplane.firewall.nft;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs nft as a child process. It never hangs: the script is written and both outputs are read on their own virtual
 * threads, so a full pipe cannot block nft while we wait, and a run that outlives the timeout is killed with
 * everything it started.
 */
public final class ProcessNftCommand implements NftCommand {

    /** How long to wait for the output pipes to close after nft exits; only a stray child can hold them longer. */
    private static final Duration OUTPUT_GRACE = Duration.ofSeconds(2);

    private final List<String> prefix;
    private final Duration timeout;

    /**
     * @param prefix  the command before nft's own arguments: {@code [/usr/sbin/nft]}, or in a namespace
     *                {@code [ip, netns, exec, NS, nft]}
     * @param timeout how long one run may take before it is killed
     */
    public ProcessNftCommand(List<String> prefix, Duration timeout) {
        this.prefix = List.copyOf(prefix);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (this.prefix.isEmpty()) {
            throw new IllegalArgumentException("the command prefix is empty: expected at least the nft program");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** nft as {@link NftProgram} finds {@code program} ({@code nft} or a path). */
    public static ProcessNftCommand forProgram(String program, Duration timeout) throws NftException {
        return new ProcessNftCommand(List.of(NftProgram.resolve(program).toString()), timeout);
    }

    public List<String> prefix() {
        return prefix;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override
    public NftResult run(List<String> arguments, Optional<String> stdin) throws NftException {
        Objects.requireNonNull(stdin, "stdin");
        List<String> command = new ArrayList<>(prefix);
        command.addAll(arguments);
        String shown = String.join(" ", command);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new NftException("could not start '" + shown + "': " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        Thread.ofVirtual().name("nft-stdin").start(() -> feed(process.getOutputStream(), stdin));
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                kill(process);
                throw new NftException("'" + shown + "' did not finish within " + describe(timeout)
                        + " and was killed");
            }
            return new NftResult(process.exitValue(), collect(stdout), collect(stderr));
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new NftException("interrupted while waiting for '" + shown + "'", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().name("nft-output").start(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.complete("(output unreadable: " + e.getMessage() + ")");
            }
        });
        return text;
    }

    private static void feed(OutputStream in, Optional<String> script) {
        try (in) {
            if (script.isPresent()) {
                in.write(script.get().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // nft stopped reading (it exited early, or was killed): its exit code and stderr say why.
        }
    }

    private static String collect(CompletableFuture<String> output) throws InterruptedException {
        try {
            return output.get(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return "(output not read: still open " + OUTPUT_GRACE.toSeconds() + " s after nft exited)";
        } catch (ExecutionException e) {
            return "(output not read: " + e.getCause() + ")";
        }
    }

    /** Kills nft and what it started ({@code ip netns exec} runs nft as itself, a wrapper script may not). */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(OUTPUT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String describe(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
