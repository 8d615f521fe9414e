package io.edgeplane.core.os.net;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A link-layer socket, {@code socket(AF_PACKET, SOCK_RAW, htons(ethertype))}: sends whole Ethernet frames the caller
 * built (gratuitous ARP, unsolicited neighbour advertisements) and receives those of one ethertype.
 *
 * <p>{@link #openSender} opens one with protocol 0, which per packet(7) receives nothing: unlike keepalived's
 * {@code ETH_P_RARP} trick or a socket of {@code ETH_P_ARP}, it never queues the host's ARP traffic in a buffer nobody
 * reads. {@link #open} with an ethertype receives (after {@link #bind}, on one interface) every frame of that type,
 * incoming and outgoing. Needs {@code CAP_NET_RAW}. Thread safety as {@link RawIpSocket}.
 */
public final class PacketSocket implements AutoCloseable {

    /** The longest frame a receive copies (a jumbo frame's 9000 bytes and headers); longer ones are truncated. */
    private static final int MAX_FRAME = 9216;

    private final NativeSocket socket;
    private final int ethertype;

    private PacketSocket(NativeSocket socket, int ethertype) {
        this.socket = socket;
        this.ethertype = ethertype;
    }

    /** A socket that only sends. */
    public static PacketSocket openSender(Libc libc) throws IOException {
        return open(libc, 0);
    }

    /** A socket that receives frames of {@code ethertype} (0x0806 ARP, 0x86DD IPv6, 0x0003 all) and sends. */
    public static PacketSocket open(Libc libc, int ethertype) throws IOException {
        Objects.requireNonNull(libc, "libc");
        if (ethertype < 0 || ethertype > 0xFFFF) {
            throw new IllegalArgumentException("ethertype 0x" + Integer.toHexString(ethertype) + ": expected 0..0xffff");
        }
        // The protocol argument is in network order: htons(ethertype).
        int protocol = Short.toUnsignedInt(Short.reverseBytes((short) ethertype));
        return new PacketSocket(NativeSocket.open(libc, Abi.AF_PACKET, Abi.SOCK_RAW, protocol,
                "AF_PACKET SOCK_RAW ethertype 0x" + Integer.toHexString(ethertype)), ethertype);
    }

    /** Receives from interface {@code ifindex} only. */
    public void bind(int ifindex) throws IOException {
        Link.requireIndex(ifindex);
        socket.use(fd -> {
            try (Arena arena = Arena.ofConfined()) {
                socket.libc().bind(fd, SocketAddresses.link(arena, ifindex, ethertype, null),
                        "bind(AF_PACKET ifindex " + ifindex + ")");
            }
            return null;
        });
    }

    /**
     * Sends {@code frame}'s remaining bytes, a whole Ethernet frame from destination MAC on, out of interface
     * {@code ifindex}; the buffer's position is left alone. Never blocks: a full queue is an error (EAGAIN).
     */
    public void send(int ifindex, ByteBuffer frame) throws IOException {
        Link.requireIndex(ifindex);
        Objects.requireNonNull(frame, "frame");
        if (frame.remaining() < 14) {
            throw new IllegalArgumentException("frame of " + frame.remaining()
                    + " bytes: expected at least an Ethernet header's 14");
        }
        byte[] destination = new byte[6];
        frame.duplicate().get(destination);
        int frameType = (frame.get(frame.position() + 12) & 0xFF) << 8 | frame.get(frame.position() + 13) & 0xFF;
        socket.use(fd -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment data = arena.allocate(frame.remaining());
                data.asByteBuffer().put(frame.duplicate());
                socket.libc().sendto(fd, data, Abi.MSG_DONTWAIT,
                        SocketAddresses.link(arena, ifindex, frameType, MacAddress.of(destination)),
                        "sendto(AF_PACKET ifindex " + ifindex + ", " + frame.remaining() + " bytes)");
            }
            return null;
        });
    }

    /**
     * Waits up to {@code timeout} for a frame and copies it into {@code frame} at its position, advancing it; empty
     * when none came in time. Throws {@link java.nio.channels.AsynchronousCloseException} when closed meanwhile.
     */
    public Optional<ReceivedFrame> receive(ByteBuffer frame, Duration timeout) throws IOException {
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(timeout, "timeout");
        if (frame.isReadOnly()) {
            throw new IllegalArgumentException("frame buffer is read-only: expected a writable one");
        }
        long deadline = NativeSocket.deadline(timeout);
        return socket.use(fd -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment data = arena.allocate(Math.max(1, Math.min(frame.remaining(), MAX_FRAME)), 8);
                MemorySegment sender = arena.allocate(Abi.SOCKADDR_LL_SIZE, 4);
                MemorySegment senderLength = arena.allocate(JAVA_INT);
                while (socket.awaitReadable(deadline) == NativeSocket.Readiness.READABLE) {
                    long length;
                    try {
                        length = socket.libc().recvfrom(fd, data, Abi.MSG_DONTWAIT | Abi.MSG_TRUNC, sender,
                                senderLength, "recvfrom(" + socket.description() + ")");
                    } catch (SystemCallException e) {
                        if (e.errno() == Errno.EAGAIN || e.errno() == Errno.EINTR) {
                            continue;
                        }
                        throw e;
                    }
                    int copied = (int) Math.min(Math.min(length, data.byteSize()), frame.remaining());
                    frame.put(data.asSlice(0, copied).asByteBuffer());
                    return Optional.of(new ReceivedFrame(sender.get(JAVA_INT, Abi.SLL_IFINDEX),
                            Short.toUnsignedInt(sender.get(SocketAddresses.NET_SHORT, Abi.SLL_PROTOCOL)),
                            sender.get(JAVA_BYTE, Abi.SLL_PKTTYPE) & 0xFF, (int) length, copied < length));
                }
                return Optional.<ReceivedFrame>empty();
            }
        });
    }

    /** Closes the socket; a {@link #receive} blocked on another thread ends at once. Idempotent. */
    @Override
    public void close() {
        socket.close();
    }
}
