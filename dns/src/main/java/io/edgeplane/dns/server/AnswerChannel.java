package io.edgeplane.dns.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetSocketAddress;

/**
 * The socket a query came in on, as answering sees it: where answers go, now or later (a forwarded query's
 * answer comes from another loop's upstream reply and is written back on this channel's loop), and the
 * channel's own scratch space, which only that loop touches.
 */
interface AnswerChannel {

    /** The loop this channel's reads, writes and scratch buffers belong to. */
    EventExecutor executor();

    ByteBufAllocator alloc();

    /** The channel's reusable parser: read by the loop only. */
    QueryParser parser();

    /** The channel's reusable answer buffer: written by the loop only. */
    AnswerBuffer buffer();

    /**
     * The channel's response rate limiter for {@code runtime}'s settings, for UDP; null for TCP, whose clients
     * cannot be spoofed, and when limiting is off.
     */
    ResponseRateLimiter rateLimiter(DnsRuntime runtime);

    /**
     * Sends an answer to {@code client}; the channel releases it.
     *
     * @param flush whether to flush now: answers written while reading are flushed once when the read burst
     *              ends, a late one at once
     */
    void send(ByteBuf answer, InetSocketAddress client, boolean flush);

    /** The message was not a query at all; TCP closes the connection, UDP ignores the datagram. */
    void unanswerable();
}
