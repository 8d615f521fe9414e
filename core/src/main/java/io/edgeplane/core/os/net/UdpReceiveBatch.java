package io.edgeplane.core.os.net;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.nio.ByteBuffer;

/**
 * The native memory one {@code recvmmsg(2)} fills: {@code capacity} slots, each with room for one datagram of up to
 * {@code datagramSize} bytes, its sender and its {@code IP_PKTINFO}. {@link BroadcastUdpSocket#receive} refills it;
 * the accessors then describe datagram {@code 0..count()-1} of the last receive.
 *
 * <p>Allocated once and reused, so receiving allocates nothing per datagram but what an accessor returns
 * ({@link #payload} is a view of the native memory, not a copy, and valid until the next receive or {@link #close}).
 * Not thread-safe: a batch belongs to the thread that receives into it; any thread may close it once no receive
 * into it runs.
 */
public final class UdpReceiveBatch implements AutoCloseable {

    /** {@code UIO_MAXIOV}: the most messages one {@code recvmmsg} takes. */
    public static final int MAX_CAPACITY = 1024;
    /** Room for {@code CMSG_SPACE(sizeof(struct in_pktinfo))} (32 bytes), with spare. */
    private static final int CONTROL_SIZE = 64;

    private final Arena arena;
    private final int capacity;
    private final int datagramSize;
    private final MemorySegment headers;
    private final MemorySegment names;
    private final MemorySegment controls;
    private final MemorySegment data;
    private final int[] ifindex;
    private final int[] destination;
    private int count;

    private UdpReceiveBatch(int capacity, int datagramSize) {
        this.capacity = capacity;
        this.datagramSize = datagramSize;
        this.arena = Arena.ofShared();
        this.headers = arena.allocate((long) capacity * Abi.MMSGHDR_SIZE, 8);
        MemorySegment iovecs = arena.allocate((long) capacity * Abi.IOVEC_SIZE, 8);
        this.names = arena.allocate((long) capacity * Abi.SOCKADDR_IN_SIZE, 8);
        this.controls = arena.allocate((long) capacity * CONTROL_SIZE, 8);
        this.data = arena.allocate((long) capacity * datagramSize, 8);
        this.ifindex = new int[capacity];
        this.destination = new int[capacity];
        headers.fill((byte) 0);
        // The pointers never change; only the lengths the kernel overwrites are reset before each receive.
        for (int i = 0; i < capacity; i++) {
            MemorySegment iov = iovecs.asSlice((long) i * Abi.IOVEC_SIZE, Abi.IOVEC_SIZE);
            iov.set(ADDRESS, 0, data.asSlice((long) i * datagramSize, datagramSize));
            iov.set(JAVA_LONG, Abi.IOV_LEN, datagramSize);
            MemorySegment header = headers.asSlice((long) i * Abi.MMSGHDR_SIZE, Abi.MMSGHDR_SIZE);
            header.set(ADDRESS, Abi.MSG_NAME, names.asSlice((long) i * Abi.SOCKADDR_IN_SIZE, Abi.SOCKADDR_IN_SIZE));
            header.set(ADDRESS, Abi.MSG_IOV, iov);
            header.set(JAVA_LONG, Abi.MSG_IOVLEN, 1);
            header.set(ADDRESS, Abi.MSG_CONTROL, controls.asSlice((long) i * CONTROL_SIZE, CONTROL_SIZE));
        }
    }

    /**
     * A batch of {@code capacity} (1..1024) slots of {@code datagramSize} (1..65535) bytes each. A DHCP server
     * on Ethernet wants 1472 (a 1500-byte MTU less the IP and UDP headers); a longer datagram is cut to fit and
     * reported {@link #truncated}.
     */
    public static UdpReceiveBatch allocate(int capacity, int datagramSize) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("batch capacity " + capacity + ": expected 1.." + MAX_CAPACITY);
        }
        if (datagramSize < 1 || datagramSize > 0xFFFF) {
            throw new IllegalArgumentException("datagram size " + datagramSize + ": expected 1..65535");
        }
        return new UdpReceiveBatch(capacity, datagramSize);
    }

    /** How many datagrams one receive takes at most. */
    public int capacity() {
        return capacity;
    }

    /** The room for each datagram's payload. */
    public int datagramSize() {
        return datagramSize;
    }

    /** How many datagrams the last receive took; 0 before the first and after one that timed out. */
    public int count() {
        return count;
    }

    /** Datagram {@code i}'s payload, as much as fit: a read-only view valid until the next receive or close. */
    public ByteBuffer payload(int i) {
        check(i);
        int copied = Math.min(length(i), datagramSize);
        return data.asSlice((long) i * datagramSize, copied).asByteBuffer().asReadOnlyBuffer();
    }

    /** Datagram {@code i}'s length on the wire, more than {@link #payload} holds when it was {@link #truncated}. */
    public int length(int i) {
        check(i);
        return headers.get(JAVA_INT, (long) i * Abi.MMSGHDR_SIZE + Abi.MMSG_LEN);
    }

    /** Whether datagram {@code i} was longer than {@link #datagramSize()} and only its first part was kept. */
    public boolean truncated(int i) {
        check(i);
        return (headers.get(JAVA_INT, (long) i * Abi.MMSGHDR_SIZE + Abi.MSG_FLAGS) & Abi.MSG_TRUNC) != 0
                || length(i) > datagramSize;
    }

    /** Datagram {@code i}'s IP source: 0.0.0.0 from a DHCP client that has no address yet. */
    public Inet4Address source(int i) {
        check(i);
        return SocketAddresses.ipv4(names.get(SocketAddresses.NET_INT,
                (long) i * Abi.SOCKADDR_IN_SIZE + Abi.SIN_ADDR));
    }

    /** Datagram {@code i}'s UDP source port. */
    public int sourcePort(int i) {
        check(i);
        return Short.toUnsignedInt(names.get(SocketAddresses.NET_SHORT,
                (long) i * Abi.SOCKADDR_IN_SIZE + Abi.SIN_PORT));
    }

    /**
     * Datagram {@code i}'s IP destination ({@code ipi_addr}): 255.255.255.255 when it was broadcast, an address of
     * this host when unicast (a relay, or a client renewing).
     */
    public Inet4Address destination(int i) {
        check(i);
        return SocketAddresses.ipv4(destination[i]);
    }

    /** Whether datagram {@code i} was sent to 255.255.255.255; allocates nothing. */
    public boolean isLimitedBroadcast(int i) {
        check(i);
        return destination[i] == -1;
    }

    /** The interface datagram {@code i} arrived on ({@code ipi_ifindex}). */
    public int ifindex(int i) {
        check(i);
        return ifindex[i];
    }

    /** Before a receive: the lengths and flags the kernel overwrites are reset, and nothing is reported. */
    MemorySegment prepare() {
        count = 0;
        for (long at = 0; at < headers.byteSize(); at += Abi.MMSGHDR_SIZE) {
            headers.set(JAVA_INT, at + Abi.MSG_NAMELEN, Abi.SOCKADDR_IN_SIZE);
            headers.set(JAVA_LONG, at + Abi.MSG_CONTROLLEN, CONTROL_SIZE);
            headers.set(JAVA_INT, at + Abi.MSG_FLAGS, 0);
            headers.set(JAVA_INT, at + Abi.MMSG_LEN, 0);
        }
        return headers;
    }

    /**
     * After a receive of {@code received} datagrams: reads each one's {@code IP_PKTINFO}. The socket asked for it
     * and the control buffer is ours, so one missing is a bug here, not something a sender can cause.
     */
    void received(int received, String description) {
        for (int i = 0; i < received; i++) {
            long header = (long) i * Abi.MMSGHDR_SIZE;
            if ((headers.get(JAVA_INT, header + Abi.MSG_FLAGS) & Abi.MSG_CTRUNC) != 0
                    || !readPktinfo(i, headers.get(JAVA_LONG, header + Abi.MSG_CONTROLLEN))) {
                throw new IllegalStateException(description + ": recvmmsg control data of datagram " + i
                        + " cut short or without IP_PKTINFO: expected it, the socket asked for it");
            }
        }
        count = received;
    }

    /** Walks slot {@code i}'s control messages for {@code IP_PKTINFO}; as ReceivedHeaders does, without objects. */
    private boolean readPktinfo(int i, long length) {
        long base = (long) i * CONTROL_SIZE;
        long at = 0;
        while (at + Abi.CMSGHDR_SIZE <= length && length <= CONTROL_SIZE) {
            long cmsgLength = controls.get(JAVA_LONG, base + at);
            if (cmsgLength < Abi.CMSGHDR_SIZE || at + cmsgLength > length) {
                return false;
            }
            if (controls.get(JAVA_INT, base + at + Abi.CMSG_LEVEL) == Abi.SOL_IP
                    && controls.get(JAVA_INT, base + at + Abi.CMSG_TYPE) == Abi.IP_PKTINFO
                    && cmsgLength - Abi.CMSGHDR_SIZE >= Abi.IN_PKTINFO_SIZE) {
                long pktinfo = base + at + Abi.CMSGHDR_SIZE;
                ifindex[i] = controls.get(JAVA_INT, pktinfo + Abi.IPI_IFINDEX);
                destination[i] = controls.get(SocketAddresses.NET_INT, pktinfo + Abi.IPI_ADDR);
                return true;
            }
            at += Abi.cmsgAlign((int) cmsgLength);
        }
        return false;
    }

    private void check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("datagram " + i + ": expected 0.." + (count - 1) + " of the "
                    + count + " the last receive took");
        }
    }

    /** Frees the native memory; the batch and views of it are unusable after. Idempotent. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            count = 0;
            arena.close();
        }
    }
}
