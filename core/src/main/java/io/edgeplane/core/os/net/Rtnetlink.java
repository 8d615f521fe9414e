package io.edgeplane.core.os.net;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * A {@code NETLINK_ROUTE} conversation with the kernel: what {@code ip link show} and {@code ip addr} do, for the
 * interfaces and addresses VRRP reads and changes. The socket, and so every answer and change, belongs to the
 * network namespace of the thread that opened it, whichever thread asks later.
 *
 * <p>Each request carries a fresh sequence number and waits for the kernel's acknowledgement (or, for a dump,
 * {@code NLMSG_DONE}) within a bounded time; replies with another sequence number (left over from a request that
 * timed out) are skipped. One request runs at a time; threads share an instance.
 */
public final class Rtnetlink implements AutoCloseable {

    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    /** A dump the kernel reports interrupted (addresses changed meanwhile) is asked again, this often at most. */
    private static final int DUMP_ATTEMPTS = 5;

    private final NetlinkChannel channel;
    private final long timeoutNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private int sequence;

    private Rtnetlink(NetlinkChannel channel, long timeoutNanos, int firstSequence) {
        this.channel = channel;
        this.timeoutNanos = timeoutNanos;
        this.sequence = firstSequence;
    }

    /** Opens a socket in the calling thread's network namespace; requests give up after 5 seconds. */
    public static Rtnetlink open(Libc libc) throws IOException {
        return open(libc, DEFAULT_TIMEOUT);
    }

    /** Opens a socket whose requests give up after {@code timeout} without an answer. */
    public static Rtnetlink open(Libc libc, Duration timeout) throws IOException {
        Objects.requireNonNull(libc, "libc");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout " + timeout + ": expected more than zero");
        }
        long nanos = timeout.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : timeout.toNanos();
        // Start where an earlier socket's stale replies are unlikely to match, though they could not reach us.
        return new Rtnetlink(NetlinkChannel.open(libc, 0), nanos, (int) (System.nanoTime() >>> 10) & 0x3FFF_FFFF);
    }

    /** The interface with this index; empty when there is none (ENODEV). */
    public Optional<Link> link(int ifindex) throws IOException {
        Link.requireIndex(ifindex);
        return linkRequest(seq -> NetlinkMessages.getLink(seq, ifindex), "RTM_GETLINK ifindex " + ifindex);
    }

    /** The interface with this name; empty when there is none (ENODEV). */
    public Optional<Link> link(String name) throws IOException {
        Link.requireName(name);
        return linkRequest(seq -> NetlinkMessages.getLink(seq, name), "RTM_GETLINK " + name);
    }

    private Optional<Link> linkRequest(IntFunction<ByteBuffer> request, String what)
            throws IOException {
        List<Link> found = new ArrayList<>(1);
        Outcome outcome = transact(request, false, what, message -> {
            if (message.type() == NetlinkMessages.RTM_NEWLINK) {
                found.add(NetlinkMessages.link(message));
            }
        });
        if (outcome.errno() == Errno.ENODEV) {
            return Optional.empty();
        }
        if (outcome.errno() != 0) {
            throw outcome.error();
        }
        if (found.size() != 1) {
            throw new IOException(what + " answered with " + found.size() + " links: expected 1");
        }
        return Optional.of(found.getFirst());
    }

    /** Every IPv4 and IPv6 address of interface {@code ifindex}, in the kernel's order. */
    public List<AssignedAddress> addresses(int ifindex) throws IOException {
        Link.requireIndex(ifindex);
        String what = "RTM_GETADDR dump";
        for (int attempt = 1; ; attempt++) {
            List<AssignedAddress> found = new ArrayList<>();
            boolean[] interrupted = {false};
            Outcome outcome = transact(NetlinkMessages::dumpAddresses, true, what, message -> {
                if ((message.flags() & NetlinkMessages.NLM_F_DUMP_INTR) != 0) {
                    interrupted[0] = true;
                }
                if (message.type() == NetlinkMessages.RTM_NEWADDR) {
                    NetlinkMessages.address(message).filter(a -> a.ifindex() == ifindex).ifPresent(found::add);
                }
            });
            if (outcome.errno() != 0) {
                throw outcome.error();
            }
            if (!interrupted[0]) {
                return List.copyOf(found);
            }
            if (attempt == DUMP_ATTEMPTS) {
                throw new IOException(what + " was interrupted by changes " + DUMP_ATTEMPTS
                        + " times running: expected a consistent dump");
            }
        }
    }

    /**
     * Adds {@code address}/{@code prefixLength} to interface {@code ifindex} ({@code RTM_NEWADDR}, create and
     * exclusive). An IPv4 address may carry a label ({@code eth0:vip}), which must begin with the interface's name
     * and have at most 15 bytes; IPv6 addresses have none and are added with {@code IFA_F_NODAD}, so a VIP can be
     * used at once instead of after a second of duplicate address detection. Global scope, host scope for 127/8.
     *
     * @return true when added, false when the interface had it already (EEXIST), which VRRP treats as done
     */
    public boolean addAddress(int ifindex, InetAddress address, int prefixLength, Optional<String> label)
            throws IOException {
        Link.requireIndex(ifindex);
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(label, "label");
        requirePrefix(address, prefixLength);
        boolean v4 = address instanceof Inet4Address;
        if (label.isPresent()) {
            if (!v4) {
                throw new IllegalArgumentException("label '" + label.get() + "' for IPv6 address "
                        + address.getHostAddress() + ": expected none, labels are IPv4 only");
            }
            String name = link(ifindex).orElseThrow(() -> channel.libc().error("RTM_GETLINK ifindex " + ifindex,
                    Errno.ENODEV)).name();
            requireLabel(label.get(), name);
        }
        int scope = v4 && address.isLoopbackAddress() ? NetlinkMessages.RT_SCOPE_HOST
                : NetlinkMessages.RT_SCOPE_UNIVERSE;
        int flags = v4 ? 0 : AssignedAddress.IFA_F_NODAD;
        String what = "RTM_NEWADDR " + address.getHostAddress() + "/" + prefixLength + " ifindex " + ifindex;
        Outcome outcome = transact(seq -> NetlinkMessages.changeAddress(true, seq, ifindex, address, prefixLength, scope,
                flags, label), false, what, message -> { });
        if (outcome.errno() == Errno.EEXIST) {
            return false;
        }
        if (outcome.errno() != 0) {
            throw outcome.error();
        }
        return true;
    }

    /**
     * Removes {@code address}/{@code prefixLength} from interface {@code ifindex} ({@code RTM_DELADDR}).
     *
     * @return true when removed, false when the interface did not have it (EADDRNOTAVAIL), which VRRP treats as
     *         done
     */
    public boolean removeAddress(int ifindex, InetAddress address, int prefixLength) throws IOException {
        Link.requireIndex(ifindex);
        Objects.requireNonNull(address, "address");
        requirePrefix(address, prefixLength);
        String what = "RTM_DELADDR " + address.getHostAddress() + "/" + prefixLength + " ifindex " + ifindex;
        Outcome outcome = transact(seq -> NetlinkMessages.changeAddress(false, seq, ifindex, address, prefixLength, 0, 0,
                Optional.empty()), false, what, message -> { });
        if (outcome.errno() == Errno.EADDRNOTAVAIL) {
            return false;
        }
        if (outcome.errno() != 0) {
            throw outcome.error();
        }
        return true;
    }

    /** How a request ended: errno 0, or the kernel's errno and the exception to throw when it is not an answer. */
    private record Outcome(int errno, SystemCallException error) {
        static final Outcome OK = new Outcome(0, null);
    }

    /**
     * Sends one request and hands every reply message with its sequence number to {@code onMessage} until the
     * acknowledgement or {@code NLMSG_DONE}. Callers decide which errnos are answers (ENODEV, EEXIST) and throw
     * the outcome's exception for the others.
     */
    private Outcome transact(IntFunction<ByteBuffer> request, boolean dump, String what,
            Consumer<NetlinkMessages.Message> onMessage) throws IOException {
        lock.lock();
        try {
            int seq = ++sequence;
            channel.send(request.apply(seq), "sendto(" + what + ")");
            long deadline = NativeSocket.deadline(timeoutNanos);
            // Bounded by the deadline: every round reads one datagram or times out.
            while (true) {
                List<NetlinkMessages.Message> messages = channel.receive(deadline);
                if (messages == null) {
                    throw new IOException(what + ": no answer from the kernel within " + Duration.ofNanos(timeoutNanos));
                }
                for (NetlinkMessages.Message message : messages) {
                    if (message.sequence() != seq) {
                        continue;
                    }
                    switch (message.type()) {
                        case NetlinkMessages.NLMSG_ERROR -> {
                            int errno = NetlinkMessages.errno(message);
                            if (errno == 0) {
                                return Outcome.OK;
                            }
                            String because = NetlinkMessages.errorMessage(message).map(m -> ": " + m).orElse("");
                            return new Outcome(errno, channel.libc().error(what + because, errno));
                        }
                        case NetlinkMessages.NLMSG_DONE -> {
                            if (dump) {
                                return Outcome.OK;
                            }
                        }
                        case NetlinkMessages.NLMSG_NOOP -> { }
                        default -> onMessage.accept(message);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Closes the socket. */
    @Override
    public void close() {
        channel.close();
    }

    static void requireLabel(String label, String interfaceName) {
        Objects.requireNonNull(label, "label");
        int bytes = label.getBytes(StandardCharsets.UTF_8).length;
        if (!label.startsWith(interfaceName) || bytes >= Abi.IFNAMSIZ || label.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("label '" + label + "': expected one beginning with the interface name '"
                    + interfaceName + "', at most " + (Abi.IFNAMSIZ - 1) + " bytes");
        }
    }

    private static void requirePrefix(InetAddress address, int prefixLength) {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 0 || prefixLength > max) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " for " + address.getHostAddress()
                    + ": expected 0.." + max);
        }
    }
}
