package io.edgeplane.dns.forward;

import java.util.Objects;

/** What came of forwarding one query: the upstream's reply, or why there is none. */
public sealed interface ForwardResult {

    /**
     * An upstream's reply, accepted: any RCODE but SERVFAIL and REFUSED (NXDOMAIN included).
     *
     * @param message the reply as received, with the upstream query's ID and the name in the case it was
     *                sent (0x20): the caller puts back its client's ID and question. Shared by every merged
     *                caller, so read only.
     * @param server  who answered
     * @param overTcp whether it came over TCP, after a truncated UDP reply
     */
    record Answered(byte[] message, UpstreamServer server, boolean overTcp) implements ForwardResult {
        public Answered {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(server, "server");
        }
    }

    /** No usable reply. */
    record Failed(Failure failure) implements ForwardResult {
        public Failed {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /** Why there is no reply. */
    enum Failure {
        /** Every attempt timed out. */
        TIMEOUT,
        /** Every attempt failed and at least one server said so: SERVFAIL, REFUSED, a refused or broken TCP connection. */
        SERVFAIL,
        /** {@link ForwardSettings#maxInFlight()} queries were already in flight; nothing was sent. */
        OVERLOADED,
        /** No server serves the name: domain servers only, and the name is under none of their domains. */
        NO_SERVER
    }
}
