package io.edgeplane.dns.server;

import io.edgeplane.config.value.Cidr;
import io.edgeplane.core.net.AccessList;
import java.util.List;
import java.util.Objects;

/**
 * What answering needs from one config, built whole off the request path and swapped in one volatile write
 * on reload: who may ask, the answers, how they are written, the upstreams and the rate limit.
 *
 * @param upstreams the cache and the forwarder; null when there are no upstreams, and then the responder never
 *                  decides to forward
 * @param rateLimit the UDP response rate limit
 * @param rateLimitExempt the client networks never limited (loopback among them)
 */
record DnsRuntime(AccessList access, Responder responder, ResponseWriter writer, ForwardedAnswers upstreams,
                  RateLimitSettings rateLimit, List<Cidr> rateLimitExempt) {

    DnsRuntime {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(responder, "responder");
        Objects.requireNonNull(writer, "writer");
        Objects.requireNonNull(rateLimit, "rateLimit");
        rateLimitExempt = List.copyOf(rateLimitExempt);
    }
}
