package io.edgeplane.ntp.server;

import io.edgeplane.ntp.packet.KissCode;
import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpPacketDecoder;
import io.edgeplane.ntp.packet.NtpPacketEncoder;
import io.edgeplane.ntp.packet.NtpTimestamp;
import io.edgeplane.ntp.packet.WireOrder;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Answers one datagram received on the NTP server port, as chrony's server does (RFC 5905 §9, the "no
 * association" row of its dispatch table): a client request (mode 3) of versions 1 to 4 gets a server reply
 * (mode 4) in the request's own version; nothing else gets anything. The checks, in order:
 * <ol>
 *   <li>mode 6 or 7 (control, private): dropped before anything else is read, however short;</li>
 *   <li>malformed ({@link NtpPacketDecoder}), version 0 or above 4, a mode other than client: dropped;</li>
 *   <li>refused by the access check: dropped, as chrony does, or answered with a DENY kiss-o'-death;</li>
 *   <li>over the client's rate limit: dropped, answered anyway (a leak), or answered with a RATE kiss-o'-death.</li>
 * </ol>
 * A reply is 48 bytes whatever followed the request's header, so it is never longer than the request: this server
 * cannot amplify. Extension fields and MACs are not read; a client that authenticates discards the unauthenticated
 * reply (chrony, which may hold keys, drops such requests instead).
 *
 * <p>The reply's fields, as chrony fills them: leap indicator, stratum, precision, root delay and dispersion,
 * reference ID and time from the {@link ServerState}; version as the request's; poll as the request's but no less
 * than the rate limiter's interval, a hint to a client that polls too often; origin time the request's transmit
 * time bit for bit; receive time {@code receiveUnixNanos}; transmit time left zero for the caller to write at the
 * last moment ({@link #stampTransmitTime(MemorySegment, long, long)}). A kiss-o'-death is the same reply with leap
 * indicator 3, stratum 0 and the kiss code as reference ID; its timestamps are the real ones, as chrony sends them.
 *
 * <p>The server's path is {@link #answer(MemorySegment, long, int, long, long, long, ServerState, MemorySegment, long)}:
 * it reads the request's few fields where the socket put them, checks the client by its address bits, and writes
 * the reply straight into the send buffer, allocating nothing (no packet record, no array, no answer object), so
 * that a busy server makes no garbage and its collector never pauses it. {@link #answer(byte[], int, InetAddress,
 * long, ServerState)} is the same path wrapped for tests and tools, and allocates.
 *
 * <p>chrony's timestamps carry random bits below the precision, and its server-mode timestamps mark the
 * interleaved mode in their lowest bit; this server has no interleaved mode and sends the timestamps as taken.
 *
 * <p>Not thread-safe as its rate limiter is not: one per UDP socket, on that socket's event loop.
 */
public final class RequestAnswerer {

    /** Who may have the time, by the client's address bits ({@link ClientAddress}): chrony's allow and deny. */
    @FunctionalInterface
    public interface Access {
        /** Whether the client whose address is {@code high} and {@code low} (IPv6 form) may have the time. */
        boolean allows(long high, long low);
    }

    /** What a client refused by the access check gets. */
    public enum Refusal {
        /** Nothing, as chrony does: a refused client learns nothing, not even that a server is there. */
        DROP,
        /** A DENY kiss-o'-death, within the client's rate limit: a well-behaved client stops polling. */
        KISS
    }

    // Drops are immutable and carry nothing but their reason: one of each serves every request.
    private static final Answer.Drop[] DROPS = dropsByReason();

    private final Access access;
    private final NtpRateLimiter rateLimiter;
    private final Refusal refusal;

    /** An answerer that drops refused clients, as chrony does. */
    public RequestAnswerer(Access access, NtpRateLimiter rateLimiter) {
        this(access, rateLimiter, Refusal.DROP);
    }

    /** An answerer that drops refused clients, with the access check as a predicate (tests); allocates per check. */
    public RequestAnswerer(Predicate<InetAddress> access, NtpRateLimiter rateLimiter) {
        this(access, rateLimiter, Refusal.DROP);
    }

    /** {@link #RequestAnswerer(Access, NtpRateLimiter, Refusal)} with a predicate (tests); allocates per check. */
    public RequestAnswerer(Predicate<InetAddress> access, NtpRateLimiter rateLimiter, Refusal refusal) {
        this(access instanceof Access bits ? bits : adapt(access), rateLimiter, refusal);
    }

    /**
     * @param access      whether a client may have the time (chrony's {@code allow} and {@code deny})
     * @param rateLimiter per-client limits; {@link NtpRateLimiter#unlimited()} for none
     * @param refusal     what a client refused by {@code access} gets
     */
    public RequestAnswerer(Access access, NtpRateLimiter rateLimiter, Refusal refusal) {
        this.access = Objects.requireNonNull(access, "access");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    private static Access adapt(Predicate<InetAddress> access) {
        Objects.requireNonNull(access, "access");
        return (high, low) -> access.test(ClientAddress.toInetAddress(high, low));
    }

    /**
     * The answer to the {@code length} bytes of {@code request} from {@code requestOffset}, from the client whose
     * address is {@code clientHigh} and {@code clientLow} ({@link ClientAddress}: IPv6 form, IPv4 mapped). A reply
     * is written, all 48 bytes of it with the transmit time zero, into {@code reply} at {@code replyOffset}; a drop
     * leaves {@code reply} as it was. Allocates nothing.
     *
     * @param receiveUnixNanos when the datagram arrived, on the served time scale (the kernel's receive timestamp,
     *                         converted)
     * @param state            what the server advertises now, read once for this request (or batch)
     * @return the reply's kind, or why there is none
     * @throws IndexOutOfBoundsException if the request or the reply's 48 bytes lie outside their segments
     */
    public Outcome answer(MemorySegment request, long requestOffset, int length, long clientHigh, long clientLow,
                          long receiveUnixNanos, ServerState state, MemorySegment reply, long replyOffset) {
        Objects.checkFromIndexSize(requestOffset, length, request.byteSize());
        Objects.checkFromIndexSize(replyOffset, NtpPacket.LENGTH, reply.byteSize());
        if (length == 0) {
            return DropReason.MALFORMED;
        }
        int first = WireOrder.getUnsignedByte(request, requestOffset);
        int mode = first & 7;
        if (mode == NtpPacket.MODE_CONTROL || mode == NtpPacket.MODE_PRIVATE) {
            return DropReason.CONTROL;
        }
        if (!NtpPacketDecoder.isWellFramed(request, requestOffset, length)) {
            return DropReason.MALFORMED;
        }
        int version = first >>> 3 & 7;
        if (version < 1 || version > NtpPacket.VERSION) {
            return DropReason.BAD_VERSION;
        }
        if (mode != NtpPacket.MODE_CLIENT) {
            return DropReason.NOT_A_REQUEST;
        }
        Answer.Reply.Kind kind;
        if (!access.allows(clientHigh, clientLow)) {
            // A refused client's kisses count against its limit too: a refusal must not be a free reflector.
            if (refusal != Refusal.KISS || rateLimiter.check(clientHigh, clientLow) != NtpRateLimiter.Verdict.ANSWER) {
                return DropReason.DENIED;
            }
            kind = Answer.Reply.Kind.DENY_KISS;
        } else {
            switch (rateLimiter.check(clientHigh, clientLow)) {
                case ANSWER -> kind = Answer.Reply.Kind.TIME;
                case KISS -> kind = Answer.Reply.Kind.RATE_KISS;
                default -> {
                    return DropReason.RATE_LIMITED;
                }
            }
        }
        writeReply(request, requestOffset, version, receiveUnixNanos, state, kind, reply, replyOffset);
        return kind;
    }

    private void writeReply(MemorySegment request, long requestOffset, int version, long receiveUnixNanos,
                            ServerState state, Answer.Reply.Kind kind, MemorySegment reply, long at) {
        boolean kiss = kind != Answer.Reply.Kind.TIME;
        int leap = kiss ? NtpPacket.LEAP_ALARM : state.leapIndicator();
        int poll = Math.max(rateLimiter.minPoll(), request.get(java.lang.foreign.ValueLayout.JAVA_BYTE, requestOffset + 2));
        int referenceId = switch (kind) {
            case TIME -> state.referenceId();
            case RATE_KISS -> KissCode.RATE;
            case DENY_KISS -> KissCode.DENY;
        };
        WireOrder.putByte(reply, at, leap << 6 | version << 3 | NtpPacket.MODE_SERVER);
        WireOrder.putByte(reply, at + 1, kiss ? 0 : state.wireStratum());
        WireOrder.putByte(reply, at + 2, poll);
        WireOrder.putByte(reply, at + 3, state.precision());
        WireOrder.putInt(reply, at + 4, state.rootDelay().bits());
        WireOrder.putInt(reply, at + 8, state.rootDispersion().bits());
        WireOrder.putInt(reply, at + 12, referenceId);
        WireOrder.putLong(reply, at + 16, state.referenceTime().bits());
        WireOrder.putLong(reply, at + NtpPacket.ORIGIN_TIME_OFFSET,
                WireOrder.getLong(request, requestOffset + NtpPacket.TRANSMIT_TIME_OFFSET));
        WireOrder.putLong(reply, at + NtpPacket.RECEIVE_TIME_OFFSET, NtpTimestamp.bitsOfUnixNanos(receiveUnixNanos));
        WireOrder.putLong(reply, at + NtpPacket.TRANSMIT_TIME_OFFSET, 0);
    }

    /**
     * The answer to the first {@code length} bytes of {@code datagram}, from {@code client}: the server's path
     * (the same checks and bytes) with a fresh {@link Answer}, for tests and tools.
     *
     * @param receiveUnixNanos the wall-clock time at which the datagram arrived
     * @param state            what the server advertises now, read once for this request
     * @throws IndexOutOfBoundsException if {@code length} is negative or past the end of {@code datagram}
     */
    public Answer answer(byte[] datagram, int length, InetAddress client, long receiveUnixNanos, ServerState state) {
        Objects.requireNonNull(datagram, "datagram");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(state, "state");
        Objects.checkFromIndexSize(0, length, datagram.length);
        byte[] reply = new byte[NtpPacket.LENGTH];
        Outcome outcome = answer(MemorySegment.ofArray(datagram), 0, length, ClientAddress.high(client),
                ClientAddress.low(client), receiveUnixNanos, state, MemorySegment.ofArray(reply), 0);
        return switch (outcome) {
            case Answer.Reply.Kind kind -> new Answer.Reply(reply, NtpPacket.TRANSMIT_TIME_OFFSET, kind);
            case DropReason reason -> DROPS[reason.ordinal()];
        };
    }

    /**
     * Writes the transmit time into the reply at {@code offset} of {@code reply}: call it right before the send.
     * Allocates nothing.
     */
    public static void stampTransmitTime(MemorySegment reply, long offset, long unixEpochNanos) {
        NtpPacketEncoder.writeTransmitTime(reply, offset, unixEpochNanos);
    }

    /** The static helper for callers that copy a reply elsewhere before stamping it; as the reply's own method. */
    public static void stampTransmitTime(byte[] reply, int offset, long unixEpochNanos) {
        NtpPacketEncoder.writeTransmitTime(reply, offset, unixEpochNanos);
    }

    private static Answer.Drop[] dropsByReason() {
        DropReason[] reasons = DropReason.values();
        Answer.Drop[] drops = new Answer.Drop[reasons.length];
        for (DropReason reason : reasons) {
            drops[reason.ordinal()] = new Answer.Drop(reason);
        }
        return drops;
    }
}
