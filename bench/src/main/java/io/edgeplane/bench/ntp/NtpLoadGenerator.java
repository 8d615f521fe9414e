package io.edgeplane.bench.ntp;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * A bounded NTP load generator for {@code bench/ntp-vs-peers}: NTPv4 client requests (mode 3, 48 bytes) to one
 * server on loopback as fast as it answers, keeping a window of requests in flight on each of several sockets,
 * one thread. It reports requests answered per second and, for each answer, the offset of the served time against
 * this process's own clock, {@code ((T2 - T1) + (T3 - T4)) / 2}: the server and the generator read the same
 * system clock, so every nanosecond of it is error, the asymmetry of what each side counts as network delay.
 *
 * <p>Fast enough not to be the ceiling: the system calls go straight to libc through FFM ({@link LinuxUdp}),
 * {@code sendmmsg} sends a batch of requests and {@code recvmmsg} reads a batch of replies per call, nothing is
 * allocated per request, and the thread sleeps in {@code poll} only when every window is full and nothing has
 * arrived.
 *
 * <p>How the timestamps are taken, and what that means for the offsets it reports:
 * <ul>
 *   <li><b>T4</b> is the kernel's receive timestamp of the reply ({@code SO_TIMESTAMPNS}, CLOCK_REALTIME), taken
 *       when the reply reached this socket, before it waited in the socket's queue or in a batch for this thread.
 *       So the generator's own queueing and processing do not show as delay on the reply's side. (When the kernel
 *       gives none, T4 is read once per batch right after {@code recvmmsg} returns, and the wait in the queue
 *       would then count as reply delay, biasing the offset negative; the output counts such replies.)</li>
 *   <li><b>T1</b>: the transmit time written into a request is the clock read just before the {@code sendmmsg}
 *       call, plus one NTP fraction unit (0.23 ns) per request after the first so that each is unique (it is the
 *       key a reply is matched by). The kernel hands the batch's datagrams to the server's socket one after the
 *       other during the call, so request k of n leaves later than that; the T1 used in the offset is the
 *       estimate {@code before + (after - before) * (k + 1) / n}, linear across the call. Its error is a fraction
 *       of one datagram's kernel cost (about a microsecond on loopback), halved in the offset; {@code --batch 1}
 *       takes T1 per request and shows how far the estimate is off.</li>
 *   <li>A server that stamps its receive time (T2) when it reads the request, not when the kernel received it,
 *       counts the request's wait in its socket's queue as network delay and so reports a late T2: a positive
 *       offset of about half that wait. With a window of requests in flight that wait is real: it is what a
 *       client of a busy server would see. chronyd takes the kernel's receive timestamp, as this generator does.</li>
 * </ul>
 *
 * <p>Replies are matched to requests per socket in order (one server socket answers a client socket's requests in
 * the order they came): a reply whose origin time is a later request's means the earlier ones were lost; a request
 * unanswered after {@code --timeout-ms} is lost; either way its slot in the window is refilled.
 *
 * <p>Usage: {@code NtpLoadGenerator --server 127.0.0.1:PORT [--sockets 4] [--window 16] [--batch 16] [--warmup 10]
 * [--duration 10] [--max-requests N] [--timeout-ms 200] [--no-tx-timestamps] [--watch-pid PID --clock-ticks HZ]},
 * or {@code --probe [--expect-stratum 10]}: a few requests one after the other, the last one checked (answered,
 * synchronised, the stratum, within a millisecond of this clock). Output: one line starting with {@code RESULT}
 * (or {@code PROBE}) of key=value pairs; {@code --watch-pid} adds the server's CPU use over the measured phase.
 * Bounded: it stops after warm-up + duration seconds, or once {@code --max-requests} are answered.
 */
public final class NtpLoadGenerator {

    /** Seconds from the NTP era 0 (1900) to the Unix epoch (1970). */
    private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;
    private static final int PACKET = 48;
    /** Room for a longer reply than 48 bytes, which then is counted as malformed. */
    private static final int RECEIVE_SLOT = 64;
    /** Requests the probe sends one after the other; it reports the last. */
    private static final int PROBE_EXCHANGES = 20;
    private static final ValueLayout.OfLong BIG_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private record Settings(byte[] address, int port, int sockets, int window, int batch, double warmupSeconds,
                            double durationSeconds, long maxRequests, long timeoutNanos, boolean probe,
                            int expectStratum, boolean txTimestamps, int watchPid, int clockTicks) {
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("NtpLoadGenerator: " + e.getMessage());
            System.exit(2);
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            LinuxUdp udp = new LinuxUdp(arena);
            if (settings.probe()) {
                System.exit(probe(udp, arena, settings));
            }
            new NtpLoadGenerator(udp, arena, settings).run();
        }
    }

    private static Settings parse(String[] args) throws IOException {
        String server = null;
        int sockets = 4;
        int window = 16;
        int batch = 16;
        double warmup = 10;
        double duration = 10;
        long max = 100_000_000L;
        long timeoutMillis = 200;
        boolean probe = false;
        int expectStratum = -1;
        boolean txTimestamps = true;
        int watchPid = 0;
        int clockTicks = 100;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--probe")) {
                probe = true;
                continue;
            }
            if (arg.equals("--no-tx-timestamps")) {
                txTimestamps = false;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(arg + " needs a value");
            }
            String value = args[++i];
            switch (arg) {
                case "--server" -> server = value;
                case "--sockets" -> sockets = positive(arg, value, 64);
                case "--window" -> window = positive(arg, value, 1 << 16);
                case "--batch" -> batch = positive(arg, value, 1024);
                case "--warmup" -> warmup = seconds(arg, value);
                case "--duration" -> duration = seconds(arg, value);
                case "--max-requests" -> max = Long.parseLong(value);
                case "--timeout-ms" -> timeoutMillis = positive(arg, value, 60_000);
                case "--expect-stratum" -> expectStratum = positive(arg, value, 16);
                case "--watch-pid" -> watchPid = positive(arg, value, Integer.MAX_VALUE);
                case "--clock-ticks" -> clockTicks = positive(arg, value, 1_000_000);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        if (server == null || !server.matches("127\\.\\d+\\.\\d+\\.\\d+:\\d+")) {
            throw new IllegalArgumentException("--server must be a loopback address 127.x.y.z:port, not " + server);
        }
        int colon = server.lastIndexOf(':');
        byte[] address = InetAddress.getByName(server.substring(0, colon)).getAddress();
        int port = Integer.parseInt(server.substring(colon + 1));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, not " + port);
        }
        if (max < 1) {
            throw new IllegalArgumentException("--max-requests must be at least 1");
        }
        return new Settings(address, port, sockets, window, Math.min(batch, window),
                warmup, duration, max, timeoutMillis * 1_000_000L, probe, expectStratum, txTimestamps, watchPid, clockTicks);
    }

    private static int positive(String option, String value, int limit) {
        int n = Integer.parseInt(value);
        if (n < 1 || n > limit) {
            throw new IllegalArgumentException(option + " must be 1.." + limit + ", not " + value);
        }
        return n;
    }

    private static double seconds(String option, String value) {
        double s = Double.parseDouble(value);
        if (!(s >= 0 && s <= 86_400)) {
            throw new IllegalArgumentException(option + " must be 0..86400 seconds, not " + value);
        }
        return s;
    }

    // ---------------------------------------------------------------------------------------------------------
    // NTP timestamps

    static long ntpOfUnixNanos(long unixNanos) {
        long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
        long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
        return ((seconds + NTP_UNIX_OFFSET_SECONDS) << 32) | ((nanos << 32) / 1_000_000_000L);
    }

    static long unixNanosOfNtp(long ntp) {
        long seconds = (ntp >>> 32) - NTP_UNIX_OFFSET_SECONDS;
        long fraction = ntp & 0xFFFF_FFFFL;
        return seconds * 1_000_000_000L + ((fraction * 1_000_000_000L + (1L << 31)) >>> 32);
    }

    private static void writeRequest(MemorySegment slot) {
        slot.fill((byte) 0);
        slot.set(ValueLayout.JAVA_BYTE, 0, (byte) 0x23);      // leap 0, version 4, mode 3 (client)
        slot.set(ValueLayout.JAVA_BYTE, 2, (byte) 6);         // poll 2^6 s, as a client would say
        slot.set(ValueLayout.JAVA_BYTE, 3, (byte) -20);       // precision about a microsecond
    }

    // ---------------------------------------------------------------------------------------------------------
    // One socket: its batch buffers and its window of requests in flight

    private static final class Socket {
        final int fd;
        final MemorySegment sendMessages;
        final MemorySegment sendBuffers;
        final MemorySegment receiveMessages;
        final MemorySegment receiveBuffers;
        final MemorySegment controls;
        final MemorySegment errorMessages;
        final MemorySegment errorControls;
        /**
         * The window, a ring indexed by the request's number on this socket (the kernel's timestamp ID): the key
         * (transmit time as sent), the departure (estimated until the kernel's transmit timestamp replaces it).
         */
        final long[] keys;
        final long[] departures;
        final boolean[] kernelDeparture;
        final int mask;
        long head;
        long tail;
        long lastKey;

        Socket(LinuxUdp udp, Arena arena, Settings settings) throws IOException {
            fd = udp.connectedSocket(arena, settings.address(), settings.port(), 4 << 20, settings.txTimestamps());
            int batch = settings.batch();
            sendMessages = arena.allocate(LinuxUdp.MMSGHDR_SIZE * batch, 8);
            sendBuffers = arena.allocate((long) PACKET * batch, 8);
            MemorySegment sendIovecs = arena.allocate(LinuxUdp.IOVEC_SIZE * batch, 8);
            receiveMessages = arena.allocate(LinuxUdp.MMSGHDR_SIZE * batch, 8);
            receiveBuffers = arena.allocate((long) RECEIVE_SLOT * batch, 8);
            MemorySegment receiveIovecs = arena.allocate(LinuxUdp.IOVEC_SIZE * batch, 8);
            controls = arena.allocate(LinuxUdp.CONTROL_SPACE * batch, 8);
            // The error queue's messages carry no data (OPT_TSONLY), only control messages.
            errorMessages = arena.allocate(LinuxUdp.MMSGHDR_SIZE * batch, 8);
            errorControls = arena.allocate(LinuxUdp.CONTROL_SPACE * batch, 8);
            MemorySegment errorIovecs = arena.allocate(LinuxUdp.IOVEC_SIZE * batch, 8);
            MemorySegment errorData = arena.allocate(RECEIVE_SLOT, 8);
            for (int i = 0; i < batch; i++) {
                MemorySegment packet = sendBuffers.asSlice((long) PACKET * i, PACKET);
                writeRequest(packet);
                MemorySegment iov = sendIovecs.asSlice(LinuxUdp.IOVEC_SIZE * i, LinuxUdp.IOVEC_SIZE);
                iov.set(ValueLayout.ADDRESS, 0, packet);
                iov.set(ValueLayout.JAVA_LONG, 8, PACKET);
                MemorySegment message = sendMessages.asSlice(LinuxUdp.MMSGHDR_SIZE * i, LinuxUdp.MMSGHDR_SIZE);
                message.set(ValueLayout.ADDRESS, LinuxUdp.MSG_IOV, iov);
                message.set(ValueLayout.JAVA_LONG, LinuxUdp.MSG_IOVLEN, 1);

                MemorySegment buffer = receiveBuffers.asSlice((long) RECEIVE_SLOT * i, RECEIVE_SLOT);
                MemorySegment riov = receiveIovecs.asSlice(LinuxUdp.IOVEC_SIZE * i, LinuxUdp.IOVEC_SIZE);
                riov.set(ValueLayout.ADDRESS, 0, buffer);
                riov.set(ValueLayout.JAVA_LONG, 8, RECEIVE_SLOT);
                MemorySegment received = receiveMessages.asSlice(LinuxUdp.MMSGHDR_SIZE * i, LinuxUdp.MMSGHDR_SIZE);
                received.set(ValueLayout.ADDRESS, LinuxUdp.MSG_IOV, riov);
                received.set(ValueLayout.JAVA_LONG, LinuxUdp.MSG_IOVLEN, 1);
                received.set(ValueLayout.ADDRESS, LinuxUdp.MSG_CONTROL,
                        controls.asSlice(LinuxUdp.CONTROL_SPACE * i, LinuxUdp.CONTROL_SPACE));

                MemorySegment eiov = errorIovecs.asSlice(LinuxUdp.IOVEC_SIZE * i, LinuxUdp.IOVEC_SIZE);
                eiov.set(ValueLayout.ADDRESS, 0, errorData);
                eiov.set(ValueLayout.JAVA_LONG, 8, RECEIVE_SLOT);
                MemorySegment error = errorMessages.asSlice(LinuxUdp.MMSGHDR_SIZE * i, LinuxUdp.MMSGHDR_SIZE);
                error.set(ValueLayout.ADDRESS, LinuxUdp.MSG_IOV, eiov);
                error.set(ValueLayout.JAVA_LONG, LinuxUdp.MSG_IOVLEN, 1);
                error.set(ValueLayout.ADDRESS, LinuxUdp.MSG_CONTROL,
                        errorControls.asSlice(LinuxUdp.CONTROL_SPACE * i, LinuxUdp.CONTROL_SPACE));
            }
            int capacity = Integer.highestOneBit(settings.window() * 2 - 1);
            keys = new long[capacity];
            departures = new long[capacity];
            kernelDeparture = new boolean[capacity];
            mask = capacity - 1;
        }

        int inFlight() {
            return (int) (tail - head);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The run

    private final LinuxUdp udp;
    private final Settings settings;
    private final Socket[] sockets;
    private final MemorySegment pollfds;
    private final OffsetHistogram offsets = new OffsetHistogram();
    private boolean measuring;
    private long sent;
    private long answered;
    private long lost;
    private long unmatched;
    private long malformed;
    private long unsynchronised;
    private long sendErrors;
    private long userStampedReplies;
    private long estimatedDepartures;
    private long stopSendingAt;

    private NtpLoadGenerator(LinuxUdp udp, Arena arena, Settings settings) throws IOException {
        this.udp = udp;
        this.settings = settings;
        sockets = new Socket[settings.sockets()];
        pollfds = arena.allocate(8L * settings.sockets(), 4);
        for (int i = 0; i < sockets.length; i++) {
            sockets[i] = new Socket(udp, arena, settings);
            pollfds.set(ValueLayout.JAVA_INT, 8L * i, sockets[i].fd);
            pollfds.set(ValueLayout.JAVA_SHORT, 8L * i + 4, LinuxUdp.POLLIN);
        }
    }

    private void run() {
        long start = udp.realtimeNanos();
        long measureFrom = start + (long) (settings.warmupSeconds() * 1e9);
        long measureUntil = measureFrom + (long) (settings.durationSeconds() * 1e9);
        stopSendingAt = measureUntil;
        long cpuAtStart = 0;
        long serverTicksAtStart = 0;
        long measuredFrom = 0;
        long measuredUntil = 0;
        long now = start;
        while (true) {
            if (!measuring && now >= measureFrom) {
                // The warm-up's counts and offsets are dropped; replies to its last requests count from here.
                measuring = true;
                clearCounts();
                measuredFrom = now;
                cpuAtStart = processCpuNanos();
                serverTicksAtStart = serverTicks();
            }
            if (measuring && (now >= measureUntil || answered >= settings.maxRequests())) {
                measuredUntil = now;
                break;
            }
            int progress = 0;
            for (Socket socket : sockets) {
                progress += receive(socket);
                progress += send(socket, now);
            }
            now = udp.realtimeNanos();
            expire(now);
            if (progress == 0) {
                // Every window full and nothing arrived: sleep until something does (at most a millisecond).
                udp.poll(pollfds, sockets.length, 1);
                now = udp.realtimeNanos();
            }
        }
        long cpu = processCpuNanos() - cpuAtStart;
        long serverTicks = serverTicks() - serverTicksAtStart;
        double seconds = (measuredUntil - measuredFrom) / 1e9;
        for (Socket socket : sockets) {
            udp.close(socket.fd);
        }
        System.out.println(String.format(Locale.ROOT,
                "RESULT seconds=%.3f sent=%d answered=%d rate=%.0f lost=%d unmatched=%d malformed=%d unsynchronised=%d "
                        + "send_errors=%d user_stamped=%d estimated_t1=%d p50_ns=%d p99_ns=%d p999_ns=%d max_ns=%d signed_p50_ns=%d "
                        + "mean_ns=%.0f generator_cpu_pct=%.1f server_cpu_pct=%.1f sockets=%d window=%d batch=%d tx_timestamps=%s",
                seconds, sent, answered, answered / seconds, lost, unmatched, malformed, unsynchronised, sendErrors,
                userStampedReplies, estimatedDepartures, offsets.magnitudeQuantile(0.5), offsets.magnitudeQuantile(0.99),
                offsets.magnitudeQuantile(0.999), offsets.maxMagnitude(), offsets.signedQuantile(0.5),
                offsets.meanSigned(), 100.0 * cpu / (measuredUntil - measuredFrom),
                settings.watchPid() > 0 ? 100.0 * serverTicks / settings.clockTicks() / seconds : Double.NaN,
                sockets.length, settings.window(), settings.batch(), settings.txTimestamps()));
    }

    private void clearCounts() {
        sent = 0;
        answered = 0;
        lost = 0;
        unmatched = 0;
        malformed = 0;
        unsynchronised = 0;
        sendErrors = 0;
        userStampedReplies = 0;
        estimatedDepartures = 0;
        offsets.clear();
    }

    /**
     * The watched server's user and system CPU time, all its threads, in clock ticks ({@code /proc/PID/stat}
     * fields 14 and 15), read at the measured phase's edges; 0 when no server is watched or it is gone.
     */
    private long serverTicks() {
        if (settings.watchPid() <= 0) {
            return 0;
        }
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Integer.toString(settings.watchPid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Fills the socket's window up to one batch; the number sent. */
    private int send(Socket socket, long now) {
        int room = Math.min(settings.window() - socket.inFlight(), settings.batch());
        if (room <= 0 || now >= stopSendingAt) {
            return 0;
        }
        long before = udp.realtimeNanos();
        long key = Math.max(ntpOfUnixNanos(before), socket.lastKey + 1);
        for (int i = 0; i < room; i++) {
            socket.sendBuffers.set(BIG_LONG, (long) PACKET * i + 40, key + i);
        }
        int count = udp.sendmmsg(socket.fd, socket.sendMessages, room);
        long after = udp.realtimeNanos();
        if (count <= 0) {
            // A full send buffer (ENOBUFS, EAGAIN) or an ICMP error from a missing server (ECONNREFUSED): try again.
            sendErrors++;
            return 0;
        }
        long span = after - before;
        for (int i = 0; i < count; i++) {
            int slot = (int) (socket.tail & socket.mask);
            socket.keys[slot] = key + i;
            socket.departures[slot] = before + span * (i + 1) / room;
            socket.kernelDeparture[slot] = false;
            socket.tail++;
        }
        socket.lastKey = key + count - 1;
        sent += count;
        if (settings.txTimestamps()) {
            // The kernel queued each datagram's transmit timestamp during the call: read them before any reply.
            readTransmitTimestamps(socket);
        }
        return count;
    }

    /** Replaces the estimated departures by the kernel's transmit timestamps waiting on the error queue. */
    private void readTransmitTimestamps(Socket socket) {
        int batch = settings.batch();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < batch; i++) {
                socket.errorMessages.set(ValueLayout.JAVA_LONG, LinuxUdp.MMSGHDR_SIZE * i + LinuxUdp.MSG_CONTROLLEN,
                        LinuxUdp.CONTROL_SPACE);
            }
            int count = udp.recvmmsgErrors(socket.fd, socket.errorMessages, batch);
            if (count <= 0) {
                return;
            }
            for (int i = 0; i < count; i++) {
                long controlLength = socket.errorMessages.get(ValueLayout.JAVA_LONG,
                        LinuxUdp.MMSGHDR_SIZE * i + LinuxUdp.MSG_CONTROLLEN);
                recordTransmitTimestamp(socket, socket.errorControls, LinuxUdp.CONTROL_SPACE * i, controlLength);
            }
            if (count < batch) {
                return;
            }
        }
    }

    /** One error-queue message: its SCM_TIMESTAMPING (software time) and IP_RECVERR (which datagram). */
    private static void recordTransmitTimestamp(Socket socket, MemorySegment controls, long at, long controlLength) {
        long stamp = 0;
        long id = -1;
        long offset = 0;
        while (offset + LinuxUdp.CMSG_DATA <= controlLength) {
            long length = controls.get(ValueLayout.JAVA_LONG, at + offset);
            if (length < LinuxUdp.CMSG_DATA || offset + length > controlLength) {
                break;
            }
            int level = controls.get(ValueLayout.JAVA_INT, at + offset + 8);
            int type = controls.get(ValueLayout.JAVA_INT, at + offset + 12);
            long data = at + offset + LinuxUdp.CMSG_DATA;
            if (level == LinuxUdp.SOL_SOCKET && type == LinuxUdp.SO_TIMESTAMPING && length >= LinuxUdp.CMSG_DATA + 16) {
                stamp = controls.get(ValueLayout.JAVA_LONG, data) * 1_000_000_000L + controls.get(ValueLayout.JAVA_LONG, data + 8);
            } else if (level == LinuxUdp.SOL_IP && type == LinuxUdp.IP_RECVERR && length >= LinuxUdp.CMSG_DATA + 16
                    && controls.get(ValueLayout.JAVA_BYTE, data + 4) == LinuxUdp.SO_EE_ORIGIN_TIMESTAMPING) {
                id = controls.get(ValueLayout.JAVA_INT, data + 12) & 0xFFFF_FFFFL;
            }
            offset += (length + 7) & ~7L;
        }
        if (stamp == 0 || id < 0) {
            return;
        }
        // The ID is the datagram's number on this socket, modulo 2^32; the window holds numbers head .. tail - 1.
        long sequence = socket.tail - ((socket.tail - id) & 0xFFFF_FFFFL);
        if (sequence >= socket.head && sequence < socket.tail) {
            int slot = (int) (sequence & socket.mask);
            socket.departures[slot] = stamp;
            socket.kernelDeparture[slot] = true;
        }
    }

    /** Reads what replies have arrived (one batch); the number read. */
    private int receive(Socket socket) {
        if (socket.inFlight() == 0) {
            return 0;
        }
        int batch = settings.batch();
        for (int i = 0; i < batch; i++) {
            socket.receiveMessages.set(ValueLayout.JAVA_LONG, LinuxUdp.MMSGHDR_SIZE * i + LinuxUdp.MSG_CONTROLLEN,
                    LinuxUdp.CONTROL_SPACE);
        }
        int count = udp.recvmmsg(socket.fd, socket.receiveMessages, batch);
        if (count <= 0) {
            // 0: nothing yet; below 0 an error queued on the socket (ECONNREFUSED while the server was away).
            return 0;
        }
        long userStamp = udp.realtimeNanos();
        for (int i = 0; i < count; i++) {
            long message = LinuxUdp.MMSGHDR_SIZE * i;
            int length = socket.receiveMessages.get(ValueLayout.JAVA_INT, message + LinuxUdp.MSG_LEN);
            long t4 = kernelTimestamp(socket.controls, LinuxUdp.CONTROL_SPACE * i,
                    socket.receiveMessages.get(ValueLayout.JAVA_LONG, message + LinuxUdp.MSG_CONTROLLEN));
            if (t4 == 0) {
                t4 = userStamp;
                userStampedReplies++;
            }
            long base = (long) RECEIVE_SLOT * i;
            MemorySegment buffers = socket.receiveBuffers;
            int first = buffers.get(ValueLayout.JAVA_BYTE, base) & 0xFF;
            if (length != PACKET || (first & 7) != 4) {
                malformed++;
                continue;
            }
            long origin = buffers.get(BIG_LONG, base + 24);
            // Requests before this reply's went unanswered: UDP on loopback from one server socket keeps order.
            while (socket.inFlight() > 0 && Long.compareUnsigned(socket.keys[(int) (socket.head & socket.mask)], origin) < 0) {
                socket.head++;
                lost++;
            }
            if (socket.inFlight() == 0 || socket.keys[(int) (socket.head & socket.mask)] != origin) {
                unmatched++;     // a reply to a request already counted lost, or one never sent
                continue;
            }
            long t1 = socket.departures[(int) (socket.head & socket.mask)];
            if (!socket.kernelDeparture[(int) (socket.head & socket.mask)]) {
                estimatedDepartures++;
            }
            socket.head++;
            answered++;
            int stratum = buffers.get(ValueLayout.JAVA_BYTE, base + 1) & 0xFF;
            if ((first >>> 6) == 3 || stratum == 0 || stratum >= 16) {
                unsynchronised++;   // an unsynchronised server or a kiss-o'-death: its time is not the point
                continue;
            }
            long t2 = unixNanosOfNtp(buffers.get(BIG_LONG, base + 32));
            long t3 = unixNanosOfNtp(buffers.get(BIG_LONG, base + 40));
            offsets.record(((t2 - t1) + (t3 - t4)) / 2);
        }
        return count;
    }

    /** The SCM_TIMESTAMPNS in a received message's control data, in Unix nanoseconds, or 0 if there is none. */
    private static long kernelTimestamp(MemorySegment controls, long at, long controlLength) {
        if (controlLength < LinuxUdp.CMSG_DATA + 16) {
            return 0;
        }
        long cmsgLength = controls.get(ValueLayout.JAVA_LONG, at);
        int level = controls.get(ValueLayout.JAVA_INT, at + 8);
        int type = controls.get(ValueLayout.JAVA_INT, at + 12);
        if (level != LinuxUdp.SOL_SOCKET || type != LinuxUdp.SO_TIMESTAMPNS || cmsgLength < LinuxUdp.CMSG_DATA + 16) {
            return 0;
        }
        return controls.get(ValueLayout.JAVA_LONG, at + LinuxUdp.CMSG_DATA) * 1_000_000_000L
                + controls.get(ValueLayout.JAVA_LONG, at + LinuxUdp.CMSG_DATA + 8);
    }

    /** Requests unanswered for longer than the timeout are lost; their slots are free again. */
    private void expire(long now) {
        for (Socket socket : sockets) {
            while (socket.inFlight() > 0 && now - socket.departures[(int) (socket.head & socket.mask)] > settings.timeoutNanos()) {
                socket.head++;
                lost++;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Probe: one request, checked

    /** 0 if the server answered one request with a sane time (and the expected stratum), else 1; prints why. */
    private static int probe(LinuxUdp udp, Arena arena, Settings settings) throws IOException {
        Settings one = new Settings(settings.address(), settings.port(), 1, 1, 1, 0, 0, 1, settings.timeoutNanos(), true,
                settings.expectStratum(), settings.txTimestamps(), 0, settings.clockTicks());
        NtpLoadGenerator generator = new NtpLoadGenerator(udp, arena, one);
        Socket socket = generator.sockets[0];
        generator.stopSendingAt = Long.MAX_VALUE;
        // A few exchanges one after the other, the last one reported: the first calls link the native methods and
        // run interpreted, which would show as a delay of milliseconds on the request's side.
        for (int exchange = 0; exchange < PROBE_EXCHANGES; exchange++) {
            generator.clearCounts();
            long deadline = udp.realtimeNanos() + 1_000_000_000L;
            generator.send(socket, udp.realtimeNanos());
            while (generator.answered + generator.malformed + generator.unmatched == 0 && udp.realtimeNanos() < deadline) {
                udp.poll(generator.pollfds, 1, 100);
                generator.receive(socket);
            }
            if (generator.answered == 0) {
                break;
            }
        }
        udp.close(socket.fd);
        String problem = null;
        if (generator.answered == 0) {
            problem = "no answer within 1 s" + (generator.sendErrors > 0 ? " (the send failed)" : "");
        } else if (generator.unsynchronised > 0) {
            int first = socket.receiveBuffers.get(ValueLayout.JAVA_BYTE, 0) & 0xFF;
            problem = "unsynchronised (leap " + (first >>> 6) + ", stratum "
                    + (socket.receiveBuffers.get(ValueLayout.JAVA_BYTE, 1) & 0xFF) + ")";
        }
        MemorySegment reply = socket.receiveBuffers;
        int stratum = reply.get(ValueLayout.JAVA_BYTE, 1) & 0xFF;
        long offset = generator.offsets.count() > 0 ? generator.offsets.signedQuantile(0.5) : 0;
        if (problem == null && settings.expectStratum() > 0 && stratum != settings.expectStratum()) {
            problem = "stratum " + stratum + ", expected " + settings.expectStratum();
        }
        if (problem == null && Math.abs(offset) > 1_000_000) {
            problem = "offset " + offset + " ns: more than a millisecond off this machine's clock on loopback";
        }
        System.out.println(String.format(Locale.ROOT, "PROBE %s stratum=%d leap=%d refid=%08x offset_ns=%d%s",
                problem == null ? "ok" : "failed", stratum, (reply.get(ValueLayout.JAVA_BYTE, 0) & 0xFF) >>> 6,
                reply.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 12), offset,
                problem == null ? "" : " problem=\"" + problem + "\""));
        return problem == null ? 0 : 1;
    }
}
