package io.edgeplane.dhcp.exchange;

import io.edgeplane.dhcp.codec.DhcpMessage;
import java.net.Inet4Address;
import java.util.Objects;

/** What to do about one request. */
public sealed interface Outcome permits Outcome.Answer, Outcome.Probe, Outcome.Ignored {

    /**
     * Send {@code reply} to {@code delivery}; when {@code durable}, only once the lease journal has been committed
     * (an ACK must never promise a lease that a crash could forget).
     */
    record Answer(DhcpMessage reply, Delivery delivery, boolean durable) implements Outcome {
        public Answer {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(delivery, "delivery");
        }
    }

    /**
     * Before offering {@code address}, find out whether something already uses it; then tell the responder with
     * {@link DhcpResponder#probed} and hand it the same request again.
     */
    record Probe(Inet4Address address) implements Outcome {
        public Probe {
            Objects.requireNonNull(address, "address");
        }
    }

    /** No answer; counted under {@code reason}, with a detail for a debug log. */
    record Ignored(IgnoreReason reason, String detail) implements Outcome {
        public Ignored {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
