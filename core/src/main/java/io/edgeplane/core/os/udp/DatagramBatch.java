package io.edgeplane.core.os.udp;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * The native memory of one socket's batches, allocated once: for {@code recvmmsg}, {@code size} datagrams of up
 * to {@code maxPayload} bytes each with the sender's address and the control messages (the kernel's receive
 * timestamp); for {@code sendmmsg}, {@code size} replies of up to {@code maxReply} bytes, each addressed to the
 * sender of one of the datagrams received (its address is not copied: the reply's header points at it). Nothing
 * is allocated per datagram. Used by one thread at a time; its memory is its arena's.
 *
 * <p>A sender's address comes as two longs, the 128 bits of its IPv6 form, an IPv4 address as
 * {@code ::ffff:a.b.c.d} (the form a dual-stack socket reports), so that a caller can key tables by it without an
 * {@link java.net.InetAddress}.
 */
public final class DatagramBatch {

    /** struct mmsghdr: a struct msghdr (56 bytes) and the length received or sent, padded to 64. */
    static final long MMSGHDR = 64;
    private static final long MSG_NAME = 0;
    private static final long MSG_NAMELEN = 8;
    private static final long MSG_IOV = 16;
    private static final long MSG_IOVLEN = 24;
    private static final long MSG_CONTROL = 32;
    private static final long MSG_CONTROLLEN = 40;
    private static final long MSG_FLAGS = 48;
    private static final long MSG_LEN = 56;
    private static final long IOVEC = 16;
    /** Room for a sockaddr_in6 (28 bytes), aligned. */
    private static final long NAME = 32;
    /** Room for SCM_TIMESTAMPNS (32 bytes with its header) and one more small message. */
    private static final long CONTROL = 64;
    private static final long CMSG_HEADER = 16;

    private static final ValueLayout.OfShort PORT = JAVA_SHORT.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong BIG_LONG = JAVA_LONG.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BIG_INT = JAVA_INT.withOrder(ByteOrder.BIG_ENDIAN);

    /** No kernel timestamp came with the datagram. */
    public static final long NO_TIMESTAMP = Long.MIN_VALUE;

    private final int size;
    private final int maxPayload;
    private final int maxReply;
    private final MemorySegment receiveHeaders;
    private final MemorySegment names;
    private final MemorySegment controls;
    private final MemorySegment payloads;
    private final MemorySegment sendHeaders;
    private final MemorySegment sendIovecs;
    private final MemorySegment[] sendViews;
    private final MemorySegment replies;
    private int received;

    /**
     * @param arena      where the memory comes from, and when it is freed: {@link Arena#ofAuto()} for a socket whose
     *                   end may race with its last read (the memory outlives both)
     * @param size       datagrams per batch, 1 to 1024 (the kernel's UIO_MAXIOV)
     * @param maxPayload bytes read of each datagram; a longer one is cut ({@link #truncated(int)})
     * @param maxReply   bytes each reply may take
     */
    public DatagramBatch(Arena arena, int size, int maxPayload, int maxReply) {
        Objects.requireNonNull(arena, "arena");
        if (size < 1 || size > 1024) {
            throw new IllegalArgumentException("size must be from 1 to 1024 datagrams, got " + size);
        }
        if (maxPayload < 1 || maxReply < 1) {
            throw new IllegalArgumentException("maxPayload and maxReply must be at least 1 byte, got " + maxPayload
                    + " and " + maxReply);
        }
        this.size = size;
        this.maxPayload = maxPayload;
        this.maxReply = maxReply;
        receiveHeaders = arena.allocate(MMSGHDR * size, 8);
        MemorySegment receiveIovecs = arena.allocate(IOVEC * size, 8);
        names = arena.allocate(NAME * size, 8);
        controls = arena.allocate(CONTROL * size, 8);
        payloads = arena.allocate((long) maxPayload * size, 8);
        sendHeaders = arena.allocate(MMSGHDR * size, 8);
        sendIovecs = arena.allocate(IOVEC * size, 8);
        replies = arena.allocate((long) maxReply * size, 8);
        sendViews = new MemorySegment[size];
        for (int i = 0; i < size; i++) {
            sendViews[i] = sendHeaders.asSlice(MMSGHDR * i);
            long iov = IOVEC * i;
            receiveIovecs.set(JAVA_LONG, iov, payloads.address() + (long) maxPayload * i);
            receiveIovecs.set(JAVA_LONG, iov + 8, maxPayload);
            long header = MMSGHDR * i;
            receiveHeaders.set(JAVA_LONG, header + MSG_NAME, names.address() + NAME * i);
            receiveHeaders.set(JAVA_LONG, header + MSG_IOV, receiveIovecs.address() + iov);
            receiveHeaders.set(JAVA_LONG, header + MSG_IOVLEN, 1);
            receiveHeaders.set(JAVA_LONG, header + MSG_CONTROL, controls.address() + CONTROL * i);
            sendIovecs.set(JAVA_LONG, iov, replies.address() + (long) maxReply * i);
            sendHeaders.set(JAVA_LONG, header + MSG_IOV, sendIovecs.address() + iov);
            sendHeaders.set(JAVA_LONG, header + MSG_IOVLEN, 1);
        }
    }

    public int size() {
        return size;
    }

    /** The datagrams of the last receive. */
    public int received() {
        return received;
    }

    void prepareReceive() {
        // The kernel writes back the lengths it used: give each message its full room again.
        for (int i = 0; i < size; i++) {
            long header = MMSGHDR * i;
            receiveHeaders.set(JAVA_INT, header + MSG_NAMELEN, (int) NAME);
            receiveHeaders.set(JAVA_LONG, header + MSG_CONTROLLEN, CONTROL);
            receiveHeaders.set(JAVA_INT, header + MSG_FLAGS, 0);
        }
    }

    void received(int count) {
        received = count;
    }

    MemorySegment receiveHeaders() {
        return receiveHeaders;
    }

    MemorySegment sendHeaders(int first) {
        // A view from the first header on, made once: a send may start anywhere without allocating.
        return sendViews[first];
    }

    /** All datagrams' bytes; datagram {@code i} starts at {@link #payloadOffset(int)}. */
    public MemorySegment payloads() {
        return payloads;
    }

    public long payloadOffset(int i) {
        return (long) maxPayload * Objects.checkIndex(i, received);
    }

    /** The bytes of datagram {@code i} read, at most {@code maxPayload}. */
    public int length(int i) {
        return receiveHeaders.get(JAVA_INT, MMSGHDR * Objects.checkIndex(i, received) + MSG_LEN);
    }

    /** Whether datagram {@code i} was longer than {@code maxPayload} and cut. */
    public boolean truncated(int i) {
        return (receiveHeaders.get(JAVA_INT, MMSGHDR * Objects.checkIndex(i, received) + MSG_FLAGS)
                & UdpSockets.MSG_TRUNC) != 0;
    }

    /**
     * When the kernel received datagram {@code i}: its {@code SCM_TIMESTAMPNS}, CLOCK_REALTIME in nanoseconds since
     * the Unix epoch; {@link #NO_TIMESTAMP} when none came (the socket's timestamps off, or the control room short).
     */
    public long receivedRealtimeNanos(int i) {
        long header = MMSGHDR * Objects.checkIndex(i, received);
        long length = receiveHeaders.get(JAVA_LONG, header + MSG_CONTROLLEN);
        long base = CONTROL * i;
        long at = 0;
        while (at + CMSG_HEADER <= length) {
            long cmsgLength = controls.get(JAVA_LONG, base + at);
            if (cmsgLength < CMSG_HEADER || at + cmsgLength > length) {
                break;
            }
            int level = controls.get(JAVA_INT, base + at + 8);
            int type = controls.get(JAVA_INT, base + at + 12);
            if (level == UdpSockets.SOL_SOCKET && type == UdpSockets.SO_TIMESTAMPNS && cmsgLength >= CMSG_HEADER + 16) {
                return controls.get(JAVA_LONG, base + at + 16) * 1_000_000_000L + controls.get(JAVA_LONG, base + at + 24);
            }
            at += (cmsgLength + 7) & ~7L;
        }
        return NO_TIMESTAMP;
    }

    /** The high 64 bits of datagram {@code i}'s sender in IPv6 form (0 for IPv4). */
    public long senderHigh(int i) {
        long name = NAME * Objects.checkIndex(i, received);
        return names.get(JAVA_SHORT, name) == UdpSockets.AF_INET6 ? names.get(BIG_LONG, name + 8) : 0;
    }

    /** The low 64 bits of datagram {@code i}'s sender in IPv6 form ({@code ::ffff:a.b.c.d} for IPv4). */
    public long senderLow(int i) {
        long name = NAME * Objects.checkIndex(i, received);
        if (names.get(JAVA_SHORT, name) == UdpSockets.AF_INET6) {
            return names.get(BIG_LONG, name + 16);
        }
        return 0xffffL << 32 | Integer.toUnsignedLong(names.get(BIG_INT, name + 4));
    }

    /** The UDP port datagram {@code i} came from. */
    public int senderPort(int i) {
        return names.get(PORT, NAME * Objects.checkIndex(i, received) + 2) & 0xffff;
    }

    /** The sender of datagram {@code i} as an address; allocates (tests, logs), never per datagram. */
    public java.net.InetSocketAddress sender(int i) {
        return UdpSocket.readSockaddr(names.asSlice(NAME * Objects.checkIndex(i, received), NAME));
    }

    /** All replies' bytes; reply {@code j} starts at {@link #replyOffset(int)}. */
    public MemorySegment replies() {
        return replies;
    }

    public long replyOffset(int j) {
        return (long) maxReply * Objects.checkIndex(j, size);
    }

    /**
     * Queues reply {@code j} ({@code length} bytes at {@link #replyOffset(int) replyOffset(j)}) to the sender of
     * datagram {@code request} of the last receive: sent by {@link UdpSocket#send(DatagramBatch, int)} before the
     * next receive, which overwrites the address.
     */
    public void replyTo(int j, int request, int length) {
        Objects.checkIndex(j, size);
        Objects.checkIndex(request, received);
        if (length < 0 || length > maxReply) {
            throw new IllegalArgumentException("a reply is 0 to " + maxReply + " bytes, got " + length);
        }
        long header = MMSGHDR * j;
        sendHeaders.set(JAVA_LONG, header + MSG_NAME, names.address() + NAME * request);
        sendHeaders.set(JAVA_INT, header + MSG_NAMELEN, receiveHeaders.get(JAVA_INT, MMSGHDR * request + MSG_NAMELEN));
        sendIovecs.set(JAVA_LONG, IOVEC * j + 8, length);
    }
}
