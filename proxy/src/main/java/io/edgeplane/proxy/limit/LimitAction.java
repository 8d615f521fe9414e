package io.edgeplane.proxy.limit;

import io.edgeplane.config.proxy.RateLimitConfig;
import java.time.Duration;
import java.util.Objects;

/** What a request over a rate limit gets. */
public sealed interface LimitAction {

    /** How metrics name it. */
    String tag();

    /** 429 Too Many Requests with {@code Retry-After}; the connection stays open. */
    record Reject() implements LimitAction {
        @Override
        public String tag() {
            return "reject";
        }
    }

    /** The connection is closed without an answer. */
    record Close() implements LimitAction {
        @Override
        public String tag() {
            return "close";
        }
    }

    /**
     * The request is held for {@code delay} (on a timer of its event loop, which goes on serving others), then
     * answered 429 and its connection closed: a client that waits for answers is slowed to one per delay.
     */
    record Tarpit(Duration delay) implements LimitAction {
        public Tarpit {
            Objects.requireNonNull(delay, "delay");
        }

        @Override
        public String tag() {
            return "tarpit";
        }
    }

    static LimitAction of(RateLimitConfig config) {
        return switch (config.action()) {
            case REJECT -> new Reject();
            case CLOSE -> new Close();
            case TARPIT -> new Tarpit(config.effectiveTarpitDelay());
        };
    }
}
