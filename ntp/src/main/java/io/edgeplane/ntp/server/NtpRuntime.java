package io.edgeplane.ntp.server;

import java.util.Objects;

/**
 * What the sockets answer with under one config: who may ask, and how often. The advertised state (stratum,
 * leap, reference) changes on its own schedule and is read separately, once per request.
 *
 * @param access    chrony's {@code allow} / {@code deny}
 * @param rateLimit the per-client limits; null for none (chrony without {@code ratelimit})
 */
record NtpRuntime(RequestAnswerer.Access access, NtpRateLimiter.Settings rateLimit) {

    NtpRuntime {
        Objects.requireNonNull(access, "access");
    }
}
