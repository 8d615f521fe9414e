package io.edgeplane.ntp.server;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * What one server socket answers with: the {@link RequestAnswerer} of the config in force, with the socket's own
 * rate limiter (not thread-safe, and needs no lock: the socket is read on one thread), rebuilt when a reload
 * changes the rules; a reload that keeps the limits keeps the clients' counts. And the counting of outcomes.
 */
final class SocketAnswerer {

    private static final Answer.Reply.Kind[] KINDS = Answer.Reply.Kind.values();
    private static final DropReason[] REASONS = DropReason.values();

    private final Supplier<NtpRuntime> runtime;
    private final Supplier<ServerState> state;
    private final LongSupplier nanos;
    private final NtpMeters meters;
    private NtpRuntime answererFor;
    private NtpRateLimiter limiter;
    private RequestAnswerer answerer;
    /** Outcomes counted since the last {@link #publishCounts()}: a meter update per batch, not per datagram. */
    private final long[] replies = new long[KINDS.length];
    private final long[] drops = new long[REASONS.length];

    SocketAnswerer(Supplier<NtpRuntime> runtime, Supplier<ServerState> state, LongSupplier nanos, NtpMeters meters) {
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.state = Objects.requireNonNull(state, "state");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.meters = Objects.requireNonNull(meters, "meters");
    }

    /** The answerer for the config in force now; read once per batch. */
    RequestAnswerer answerer() {
        NtpRuntime now = runtime.get();
        if (now != answererFor) {
            if (answererFor == null || !Objects.equals(answererFor.rateLimit(), now.rateLimit())) {
                limiter = now.rateLimit() == null ? NtpRateLimiter.unlimited()
                        : new NtpRateLimiter(now.rateLimit(), nanos, new SplittableRandom());
            }
            answerer = new RequestAnswerer(now.access(), limiter);
            answererFor = now;
        }
        return answerer;
    }

    /** What the server advertises now; read once per batch. */
    ServerState state() {
        return state.get();
    }

    /** Counts one outcome; {@link #publishCounts()} hands the counts to the meters. */
    void count(Outcome outcome) {
        switch (outcome) {
            case Answer.Reply.Kind kind -> replies[kind.ordinal()]++;
            case DropReason reason -> drops[reason.ordinal()]++;
        }
    }

    /** Adds the counts since the last call to the meters: once per batch. */
    void publishCounts() {
        for (int i = 0; i < replies.length; i++) {
            if (replies[i] != 0) {
                meters.replied(KINDS[i], replies[i]);
                replies[i] = 0;
            }
        }
        for (int i = 0; i < drops.length; i++) {
            if (drops[i] != 0) {
                meters.dropped(REASONS[i], drops[i]);
                drops[i] = 0;
            }
        }
    }
}
