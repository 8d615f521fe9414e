package io.edgeplane.ntp.server;

import io.edgeplane.ntp.packet.DecodeResult;
import io.edgeplane.ntp.packet.KissCode;
import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.packet.NtpPacketDecoder;
import io.edgeplane.ntp.packet.NtpPacketEncoder;
import io.edgeplane.ntp.packet.NtpTimestamp;
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
 * time bit for bit; receive time {@code receiveUnixNanos}; transmit time left for the caller to write at the last
 * moment ({@link Answer.Reply#stampTransmitTime(long)}). A kiss-o'-death is the same reply with leap indicator 3,
 * stratum 0 and the kiss code as reference ID; its timestamps are the real ones, as chrony sends them.
 *
 * <p>chrony's timestamps carry random bits below the precision, and its server-mode timestamps mark the
 * interleaved mode in their lowest bit; this server has no interleaved mode and sends the timestamps as taken.
 *
 * <p>Not thread-safe as its rate limiter is not: one per UDP socket, on that socket's event loop.
 */
public final class RequestAnswerer {

    /** What a client refused by the access check gets. */
    public enum Refusal {
        /** Nothing, as chrony does: a refused client learns nothing, not even that a server is there. */
        DROP,
        /** A DENY kiss-o'-death, within the client's rate limit: a well-behaved client stops polling. */
        KISS
    }

    // Drops are immutable and carry nothing but their reason: one of each serves every request.
    private static final Answer.Drop[] DROPS = dropsByReason();

    private final Predicate<InetAddress> access;
    private final NtpRateLimiter rateLimiter;
    private final Refusal refusal;

    /** An answerer that drops refused clients, as chrony does. */
    public RequestAnswerer(Predicate<InetAddress> access, NtpRateLimiter rateLimiter) {
        this(access, rateLimiter, Refusal.DROP);
    }

    /**
     * @param access      whether a client may have the time (chrony's {@code allow} and {@code deny})
     * @param rateLimiter per-client limits; {@link NtpRateLimiter#unlimited()} for none
     * @param refusal     what a client refused by {@code access} gets
     */
    public RequestAnswerer(Predicate<InetAddress> access, NtpRateLimiter rateLimiter, Refusal refusal) {
        this.access = Objects.requireNonNull(access, "access");
        this.rateLimiter = Objects.requireNonNull(rateLimiter, "rateLimiter");
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    /**
     * The answer to the first {@code length} bytes of {@code datagram}, from {@code client}.
     *
     * @param receiveUnixNanos the wall-clock time at which the datagram arrived, taken as soon as it was read
     * @param state            what the server advertises now, read once for this request
     * @throws IndexOutOfBoundsException if {@code length} is negative or past the end of {@code datagram}
     */
    public Answer answer(byte[] datagram, int length, InetAddress client, long receiveUnixNanos, ServerState state) {
        Objects.requireNonNull(datagram, "datagram");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(state, "state");
        Objects.checkFromIndexSize(0, length, datagram.length);
        if (length == 0) {
            return drop(DropReason.MALFORMED);
        }
        int mode = datagram[0] & 7;
        if (mode == NtpPacket.MODE_CONTROL || mode == NtpPacket.MODE_PRIVATE) {
            return drop(DropReason.CONTROL);
        }
        NtpPacket request;
        switch (NtpPacketDecoder.decode(datagram, length)) {
            case DecodeResult.Malformed ignored -> {
                return drop(DropReason.MALFORMED);
            }
            case DecodeResult.Ok ok -> request = ok.packet();
        }
        if (request.version() < 1 || request.version() > NtpPacket.VERSION) {
            return drop(DropReason.BAD_VERSION);
        }
        if (mode != NtpPacket.MODE_CLIENT) {
            return drop(DropReason.NOT_A_REQUEST);
        }
        if (!access.test(client)) {
            // A refused client's kisses count against its limit too: a refusal must not be a free reflector.
            if (refusal == Refusal.KISS && rateLimiter.check(client) == NtpRateLimiter.Verdict.ANSWER) {
                return reply(request, receiveUnixNanos, state, Answer.Reply.Kind.DENY_KISS);
            }
            return drop(DropReason.DENIED);
        }
        return switch (rateLimiter.check(client)) {
            case ANSWER -> reply(request, receiveUnixNanos, state, Answer.Reply.Kind.TIME);
            case KISS -> reply(request, receiveUnixNanos, state, Answer.Reply.Kind.RATE_KISS);
            case DROP -> drop(DropReason.RATE_LIMITED);
        };
    }

    private Answer.Reply reply(NtpPacket request, long receiveUnixNanos, ServerState state, Answer.Reply.Kind kind) {
        boolean kiss = kind != Answer.Reply.Kind.TIME;
        NtpPacket reply = new NtpPacket(
                kiss ? NtpPacket.LEAP_ALARM : state.leapIndicator(),
                request.version(),
                NtpPacket.MODE_SERVER,
                kiss ? 0 : state.wireStratum(),
                Math.max(rateLimiter.minPoll(), request.poll()),
                state.precision(),
                state.rootDelay(),
                state.rootDispersion(),
                switch (kind) {
                    case TIME -> state.referenceId();
                    case RATE_KISS -> KissCode.RATE;
                    case DENY_KISS -> KissCode.DENY;
                },
                state.referenceTime(),
                request.transmitTime(),
                NtpTimestamp.ofUnixNanos(receiveUnixNanos),
                NtpTimestamp.ZERO);
        return new Answer.Reply(NtpPacketEncoder.encode(reply), NtpPacket.TRANSMIT_TIME_OFFSET, kind);
    }

    /** The static helper for callers that copy a reply elsewhere before stamping it; as the reply's own method. */
    public static void stampTransmitTime(byte[] reply, int offset, long unixEpochNanos) {
        NtpPacketEncoder.writeTransmitTime(reply, offset, unixEpochNanos);
    }

    private static Answer.Drop drop(DropReason reason) {
        return DROPS[reason.ordinal()];
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
