package io.edgeplane.proxy.upstream;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where one upstream server can be reached now: one address for an IP literal, the addresses its name
 * resolves to for a name. The resolver thread publishes a new set with one volatile write; event loops read
 * it without locks. New connections take the addresses in turn.
 */
public final class ServerAddresses {

    private final int port;
    /**
     * Replaced whole, never changed in place: a connection remembers the array it was made from, so "still
     * current?" is one reference comparison until the next change.
     */
    private volatile InetSocketAddress[] current;
    private final AtomicInteger turn = new AtomicInteger();

    private ServerAddresses(int port, InetSocketAddress[] current) {
        this.port = port;
        this.current = current;
    }

    /** A server given by its IP address; it never changes. */
    public static ServerAddresses fixed(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("a fixed server address must be resolved: " + address);
        }
        return new ServerAddresses(address.getPort(), new InetSocketAddress[] {address});
    }

    /** A server given by a name that resolved to {@code addresses}, on {@code port}. */
    public static ServerAddresses resolved(List<InetAddress> addresses, int port) {
        return new ServerAddresses(port, toSocketAddresses(addresses, port));
    }

    /** The name now resolves to {@code addresses}; connections made from now on use them. */
    public void publish(List<InetAddress> addresses) {
        current = toSocketAddresses(addresses, port);
    }

    /** The addresses in use now. */
    public List<InetSocketAddress> current() {
        return List.of(current);
    }

    private static InetSocketAddress[] toSocketAddresses(List<InetAddress> addresses, int port) {
        if (addresses.isEmpty()) {
            // A failed lookup keeps the last good addresses; an empty set here is a bug upstream of this.
            throw new IllegalArgumentException("a server needs at least one address");
        }
        InetSocketAddress[] array = new InetSocketAddress[addresses.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = new InetSocketAddress(Objects.requireNonNull(addresses.get(i), "address"), port);
        }
        return array;
    }

    /** The set a new connection should take its address from; pass it to {@link #pick}. */
    InetSocketAddress[] snapshot() {
        return current;
    }

    /** The next address of {@code snapshot} in turn. */
    InetSocketAddress pick(InetSocketAddress[] snapshot) {
        return snapshot.length == 1 ? snapshot[0] : snapshot[Math.floorMod(turn.getAndIncrement(), snapshot.length)];
    }

    /** Whether {@code set} (a {@link #snapshot}) holds {@code address}. */
    static boolean contains(InetSocketAddress[] set, InetSocketAddress address) {
        for (InetSocketAddress candidate : set) {
            if (candidate.equals(address)) {
                return true;
            }
        }
        return false;
    }
}
