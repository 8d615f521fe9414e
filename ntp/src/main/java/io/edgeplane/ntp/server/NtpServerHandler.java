package io.edgeplane.ntp.server;

import io.edgeplane.ntp.packet.NtpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.LongSupplier;

/**
 * One Netty UDP socket's requests, answered on its event loop: the server's path where the kernel-stamped socket
 * ({@link KernelStampedSocket}) is not available (not Linux, NIO or io_uring transport). The receive time is taken
 * first thing, when the datagram is read (so it includes the time it waited in the socket: the kernel's receive
 * timestamp is the better T2, which Netty's channel does not return); the reply is written by the allocation-free
 * {@link RequestAnswerer} path into this handler's own array, and its transmit time written last, right before
 * the send. Netty's {@link DatagramPacket} and buffer per datagram remain.
 *
 * <p>Replies to the requests of one read (with epoll, up to a recvmmsg batch) are sent together, one
 * {@code sendmmsg} for up to {@link #SEND_BATCH} of them, when the read is done: a system call per reply was
 * most of the server's cost under load. Their transmit times are all stamped right before that flush.
 */
final class NtpServerHandler extends SimpleChannelInboundHandler<DatagramPacket> {

    /** Enough for a request with NTS or other extension fields; a longer datagram is read this far. */
    private static final int MAX_REQUEST_READ = 2048;
    /** Replies held for one flush at most: the first one's transmit time waits for no more than this many. */
    static final int SEND_BATCH = 16;

    private final SocketAnswerer answering;
    private final LongSupplier servedUnixNanos;
    private final byte[] request = new byte[MAX_REQUEST_READ];
    private final MemorySegment requestSegment = MemorySegment.ofArray(request);
    /** The replies written since the last flush, 48 bytes each, and where each goes. */
    private final byte[] replies = new byte[SEND_BATCH * NtpPacket.LENGTH];
    private final MemorySegment repliesSegment = MemorySegment.ofArray(replies);
    private final InetSocketAddress[] recipients = new InetSocketAddress[SEND_BATCH];
    private int pendingCount;

    /** @param servedUnixNanos the time served, in nanoseconds since the Unix epoch: edgeplane's time scale */
    NtpServerHandler(SocketAnswerer answering, LongSupplier servedUnixNanos) {
        this.answering = answering;
        this.servedUnixNanos = servedUnixNanos;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
        long received = servedUnixNanos.getAsLong();
        ByteBuf content = packet.content();
        int length = Math.min(content.readableBytes(), request.length);
        content.getBytes(content.readerIndex(), request, 0, length);
        InetSocketAddress sender = packet.sender();
        Outcome outcome = answering.answerer().answer(requestSegment, 0, length,
                ClientAddress.high(sender.getAddress()), ClientAddress.low(sender.getAddress()), received,
                answering.state(), repliesSegment, (long) pendingCount * NtpPacket.LENGTH);
        answering.count(outcome);
        if (outcome instanceof Answer.Reply.Kind) {
            recipients[pendingCount++] = sender;
            if (pendingCount == SEND_BATCH) {
                flushReplies(ctx);
            }
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        flushReplies(ctx);
        answering.publishCounts();
        ctx.fireChannelReadComplete();
    }

    /** Stamps the written replies' transmit time, the last thing before they go, and sends them. */
    private void flushReplies(ChannelHandlerContext ctx) {
        if (pendingCount == 0) {
            return;
        }
        long transmit = servedUnixNanos.getAsLong();
        for (int i = 0; i < pendingCount; i++) {
            RequestAnswerer.stampTransmitTime(repliesSegment, (long) i * NtpPacket.LENGTH, transmit);
            ByteBuf out = ctx.alloc().ioBuffer(NtpPacket.LENGTH);
            out.writeBytes(replies, i * NtpPacket.LENGTH, NtpPacket.LENGTH);
            ctx.write(new DatagramPacket(out, recipients[i]), ctx.voidPromise());
            recipients[i] = null;
        }
        pendingCount = 0;
        ctx.flush();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Arrays.fill(recipients, null);
        pendingCount = 0;
        answering.publishCounts();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A send that failed (an ICMP error reported back, a full buffer): that client goes without; the socket serves on.
    }
}
