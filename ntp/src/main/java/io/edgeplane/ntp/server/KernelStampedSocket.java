package io.edgeplane.ntp.server;

import io.edgeplane.core.os.udp.DatagramBatch;
import io.edgeplane.core.os.udp.UdpSocket;
import io.edgeplane.ntp.packet.NtpPacket;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import java.lang.foreign.Arena;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * One NTP server socket of our own ({@link UdpSocket}, through FFM) on a Netty epoll event loop, registered
 * through Netty 4.2's {@code IoHandle} API: the loop's epoll wakes it when requests wait, and it answers them
 * there, never blocking (the socket is non-blocking; level-triggered, so requests left after
 * {@link #MAX_BATCHES_PER_WAKEUP} batches wake it again after the loop's other work).
 *
 * <p>Why not Netty's datagram channel: it does not return control messages, so the receive time T2 had to be
 * taken when the handler ran, after the request had waited in the socket and for the loop to wake (15 µs on an
 * idle VM, half the queue under load). Here T2 is the kernel's receive timestamp ({@code SO_TIMESTAMPNS}), as
 * chronyd takes it, put on the served scale by {@link ReceiveTimeConversion}. And nothing is allocated per
 * request: the batch's native memory is read and the replies are written into it by {@link RequestAnswerer}.
 *
 * <p>Per batch (one {@code recvmmsg}, up to {@link #BATCH} requests): the conversion calibrated, every request
 * answered into the send buffer, then the replies sent {@link #SEND_CHUNK} to a {@code sendmmsg}, the transmit
 * time T3 read and written into the call's replies right before it: a reply in a larger call would leave after the
 * kernel's work on the ones before it. Below saturation a request is usually alone in its batch.
 */
final class KernelStampedSocket implements EpollIoHandle {

    /** Requests read per system call. */
    static final int BATCH = 16;
    /** Enough for a request with NTS or other extension fields; a longer datagram is read this far. */
    static final int MAX_REQUEST = 2048;
    /** Batches answered per wake-up before the loop's other channels get their turn (Netty reads 16 messages). */
    static final int MAX_BATCHES_PER_WAKEUP = 4;
    /**
     * Replies per {@code sendmmsg}, each call's transmit time read right before it. A reply leaves after the
     * kernel's work on the ones before it in its call (1-2 µs each on this VM), which its client counts as network
     * delay and half of as offset. Measured with bench/ntp-vs-peers under saturation (one core, 2026-12-06): 16 a
     * call gave |offset| p50 10.4 µs, p99 33 µs; 4: 2.5 and 6.0 µs at 325k req/core-s; 2: 1.6 and 3.4 µs at 278k
     * (chronyd 210k, 1.0 and 1.4 µs); 1 (a sendmsg per reply, as chronyd): 1.1 and 1.7 µs but 184k, below chronyd.
     */
    static final int SEND_CHUNK = 2;

    private final IoEventLoop loop;
    private final UdpSocket socket;
    private final FileDescriptor fd;
    private final DatagramBatch batch;
    private final SocketAnswerer answering;
    private final LongSupplier servedUnixNanos;
    private final ReceiveTimeConversion receiveTimes;
    private volatile IoRegistration registration;
    private volatile boolean closed;

    private KernelStampedSocket(IoEventLoop loop, UdpSocket socket, SocketAnswerer answering,
                                LongSupplier servedUnixNanos, LongSupplier realtimeNanos) {
        this.loop = loop;
        this.socket = socket;
        this.fd = new FileDescriptor(socket.fd());
        // Freed by the collector, not by close: a close from another thread cannot pull it from under a read.
        this.batch = new DatagramBatch(Arena.ofAuto(), BATCH, MAX_REQUEST, NtpPacket.LENGTH);
        this.answering = answering;
        this.servedUnixNanos = servedUnixNanos;
        this.receiveTimes = new ReceiveTimeConversion(realtimeNanos, servedUnixNanos);
    }

    /**
     * Registers {@code socket} with {@code loop} and starts answering; the socket is this handle's from now on,
     * closed with it (also when registering fails).
     */
    static KernelStampedSocket register(IoEventLoop loop, UdpSocket socket, SocketAnswerer answering,
                                        LongSupplier servedUnixNanos, LongSupplier realtimeNanos) {
        KernelStampedSocket handle = new KernelStampedSocket(Objects.requireNonNull(loop, "loop"),
                Objects.requireNonNull(socket, "socket"), answering, servedUnixNanos, realtimeNanos);
        try {
            IoRegistration registered = loop.register(handle).syncUninterruptibly().getNow();
            handle.registration = registered;
            loop.submit(() -> registered.submit(EpollIoOps.EPOLLIN)).syncUninterruptibly();
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        return handle;
    }

    UdpSocket socket() {
        return socket;
    }

    boolean isActive() {
        IoRegistration registered = registration;
        return !closed && registered != null && registered.isValid();
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        if (closed) {
            return;
        }
        RequestAnswerer answerer = answering.answerer();
        ServerState state = answering.state();
        for (int round = 0; round < MAX_BATCHES_PER_WAKEUP; round++) {
            int received = socket.receive(batch);
            if (received <= 0) {
                // None waiting, or an error (nothing a UDP server socket reports here matters): wait for epoll.
                break;
            }
            answerBatch(answerer, state, received);
            if (received < BATCH) {
                break;
            }
        }
        answering.publishCounts();
    }

    private void answerBatch(RequestAnswerer answerer, ServerState state, int received) {
        receiveTimes.calibrate();
        int replies = 0;
        for (int i = 0; i < received; i++) {
            long stamp = batch.receivedRealtimeNanos(i);
            long receivedServed = stamp == DatagramBatch.NO_TIMESTAMP ? servedUnixNanos.getAsLong()
                    : receiveTimes.served(stamp);
            Outcome outcome = answerer.answer(batch.payloads(), batch.payloadOffset(i), batch.length(i),
                    batch.senderHigh(i), batch.senderLow(i), receivedServed, state, batch.replies(),
                    batch.replyOffset(replies));
            answering.count(outcome);
            if (outcome instanceof Answer.Reply.Kind) {
                batch.replyTo(replies++, i, NtpPacket.LENGTH);
            }
        }
        if (replies == 0) {
            return;
        }
        for (int first = 0; first < replies; first += SEND_CHUNK) {
            int count = Math.min(SEND_CHUNK, replies - first);
            // T3: the last thing before the send.
            long transmit = servedUnixNanos.getAsLong();
            for (int j = first; j < first + count; j++) {
                RequestAnswerer.stampTransmitTime(batch.replies(), batch.replyOffset(j), transmit);
            }
            socket.send(batch, first, count);
        }
    }

    /**
     * Stops answering and closes the socket, on the loop (so that no read is in flight), waiting for it: the port
     * is free when this returns. From any thread; idempotent.
     */
    void stop() {
        if (closed) {
            return;
        }
        if (loop.inEventLoop()) {
            close();
            return;
        }
        try {
            if (loop.submit(this::close).awaitUninterruptibly(5, TimeUnit.SECONDS)) {
                return;
            }
        } catch (RejectedExecutionException e) {
            // The loop is shut down: nothing reads the socket any more.
        }
        close();
    }

    /** Netty's: called on the loop when the loop ends; also this class's own, on the loop. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        IoRegistration registered = registration;
        if (registered != null && registered.isValid()) {
            registered.cancel();
        }
        socket.close();
    }
}
