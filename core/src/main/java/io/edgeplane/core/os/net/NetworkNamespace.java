package io.edgeplane.core.os.net;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * A named network namespace, as {@code ip netns add NAME} creates it ({@code /var/run/netns/NAME}), and a way to
 * run code inside it.
 *
 * <p>{@code setns(CLONE_NEWNET)} moves only the calling thread, and for good, so {@link #call} runs each task on a
 * fresh platform thread that enters the namespace and ends with the task; no other thread of the process, pooled
 * or virtual, ever finds itself in the namespace. What matters is where a socket is created: a socket (raw,
 * packet, netlink) opened by the task stays in the namespace, and can be used and closed from any thread after the
 * task returned it. Needs {@code CAP_SYS_ADMIN}.
 */
public final class NetworkNamespace {

    private static final Path RUN_NETNS = Path.of("/var/run/netns");

    private final Libc libc;
    private final String name;

    private NetworkNamespace(Libc libc, String name) {
        this.libc = libc;
        this.name = name;
    }

    /**
     * The namespace {@code ip netns} calls {@code name}; it need not exist yet ({@link #call} fails with ENOENT
     * if it still does not then).
     */
    public static NetworkNamespace named(Libc libc, String name) {
        Objects.requireNonNull(libc, "libc");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.length() > 255 || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("network namespace name '" + name
                    + "': expected 1..255 characters, no '/' or NUL, not '.' or '..'");
        }
        return new NetworkNamespace(libc, name);
    }

    /** The name. */
    public String name() {
        return name;
    }

    /** {@code /var/run/netns/NAME}, the file {@code ip netns add} bind-mounts the namespace on. */
    public Path path() {
        return RUN_NETNS.resolve(name);
    }

    /**
     * Runs {@code task} on a new platform thread inside the namespace and returns its result, waiting as long as
     * it runs. The task's exception is rethrown as it is; failing to enter the namespace throws
     * {@link SystemCallException} (ENOENT when there is no such namespace, EPERM without the privilege).
     */
    public <T> T call(Callable<T> task) throws Exception {
        Objects.requireNonNull(task, "task");
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = Thread.ofPlatform().name("netns-" + name).daemon(true).unstarted(() -> {
            try {
                enter();
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        thread.start();
        try {
            return result.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Moves the calling thread into the namespace; only for a thread that ends with its task. */
    private void enter() throws SystemCallException {
        String path = path().toString();
        int fd = libc.openReadOnly(path, "open(" + path + ")");
        try {
            libc.setns(fd, Abi.CLONE_NEWNET, "setns(" + path + ", CLONE_NEWNET)");
        } finally {
            libc.close(fd);
        }
    }

    @Override
    public String toString() {
        return "NetworkNamespace[" + name + "]";
    }
}
