package io.edgeplane.core.os.net;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Datagrams gathered to leave in one {@code sendmmsg(2)} ({@link BroadcastUdpSocket#send(UdpSendBatch)}): the
 * replies one group commit produced. Native memory of {@code capacity} slots of {@code datagramSize} bytes,
 * allocated once; {@link #add} copies a payload and its destination into the next slot and {@link #clear} empties
 * the batch for reuse. Not thread-safe: a batch belongs to one thread at a time; any thread may close it once no
 * send from it runs.
 */
public final class UdpSendBatch implements AutoCloseable {

    private final Arena arena;
    private final int capacity;
    private final int datagramSize;
    private final MemorySegment headers;
    private final MemorySegment iovecs;
    private final MemorySegment names;
    private final MemorySegment data;
    private int count;

    private UdpSendBatch(int capacity, int datagramSize) {
        this.capacity = capacity;
        this.datagramSize = datagramSize;
        this.arena = Arena.ofShared();
        this.headers = arena.allocate((long) capacity * Abi.MMSGHDR_SIZE, 8);
        this.iovecs = arena.allocate((long) capacity * Abi.IOVEC_SIZE, 8);
        this.names = arena.allocate((long) capacity * Abi.SOCKADDR_IN_SIZE, 8);
        this.data = arena.allocate((long) capacity * datagramSize, 8);
        headers.fill((byte) 0);
        for (int i = 0; i < capacity; i++) {
            MemorySegment iov = iovecs.asSlice((long) i * Abi.IOVEC_SIZE, Abi.IOVEC_SIZE);
            iov.set(ADDRESS, 0, data.asSlice((long) i * datagramSize, datagramSize));
            MemorySegment header = headers.asSlice((long) i * Abi.MMSGHDR_SIZE, Abi.MMSGHDR_SIZE);
            header.set(ADDRESS, Abi.MSG_NAME, names.asSlice((long) i * Abi.SOCKADDR_IN_SIZE, Abi.SOCKADDR_IN_SIZE));
            header.set(JAVA_INT, Abi.MSG_NAMELEN, Abi.SOCKADDR_IN_SIZE);
            header.set(ADDRESS, Abi.MSG_IOV, iov);
            header.set(JAVA_LONG, Abi.MSG_IOVLEN, 1);
        }
    }

    /** A batch of {@code capacity} (1..1024) datagrams of at most {@code datagramSize} (1..65507) bytes each. */
    public static UdpSendBatch allocate(int capacity, int datagramSize) {
        if (capacity < 1 || capacity > UdpReceiveBatch.MAX_CAPACITY) {
            throw new IllegalArgumentException("batch capacity " + capacity + ": expected 1.."
                    + UdpReceiveBatch.MAX_CAPACITY);
        }
        if (datagramSize < 1 || datagramSize > Ipv4UdpFrame.MAX_PAYLOAD) {
            throw new IllegalArgumentException("datagram size " + datagramSize + ": expected 1.."
                    + Ipv4UdpFrame.MAX_PAYLOAD);
        }
        return new UdpSendBatch(capacity, datagramSize);
    }

    /**
     * Adds {@code payload}'s remaining bytes (its position is left alone) for {@code destination}:{@code port}.
     *
     * @return false, adding nothing, when the batch is full
     * @throws IllegalArgumentException when the payload is longer than {@link #datagramSize()} or the port is not
     *                                  1..65535
     */
    public boolean add(ByteBuffer payload, Inet4Address destination, int port) {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(destination, "destination");
        if (payload.remaining() > datagramSize) {
            throw new IllegalArgumentException("payload of " + payload.remaining() + " bytes: expected at most "
                    + datagramSize + ", the batch's datagram size");
        }
        if (port < 1 || port > 0xFFFF) {
            throw new IllegalArgumentException("destination port " + port + ": expected 1..65535");
        }
        if (count == capacity) {
            return false;
        }
        int length = payload.remaining();
        MemorySegment slot = data.asSlice((long) count * datagramSize, length);
        slot.asByteBuffer().put(payload.duplicate());
        iovecs.set(JAVA_LONG, (long) count * Abi.IOVEC_SIZE + Abi.IOV_LEN, length);
        SocketAddresses.writeIpv4(names.asSlice((long) count * Abi.SOCKADDR_IN_SIZE, Abi.SOCKADDR_IN_SIZE),
                destination, port);
        count++;
        return true;
    }

    /** Empties the batch. */
    public void clear() {
        count = 0;
    }

    /** How many datagrams were added since the last {@link #clear()}. */
    public int count() {
        return count;
    }

    /** How many datagrams fit. */
    public int capacity() {
        return capacity;
    }

    /** The longest payload a slot holds. */
    public int datagramSize() {
        return datagramSize;
    }

    /** The {@code struct mmsghdr} of datagram {@code from} on, for {@code sendmmsg}. */
    MemorySegment headersFrom(int from) {
        return headers.asSlice((long) from * Abi.MMSGHDR_SIZE);
    }

    /** Frees the native memory; the batch is unusable after. Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            count = 0;
            arena.close();
        }
    }
}
