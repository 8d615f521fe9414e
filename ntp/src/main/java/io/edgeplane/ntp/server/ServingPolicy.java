package io.edgeplane.ntp.server;

import io.edgeplane.config.ntp.NtpConfig;

/**
 * What the server says of its clock while it has no synchronised source of its own: chrony's
 * {@code local stratum N} serves the local clock at stratum N; without it (or, with {@code local_after_sync},
 * until a first synchronisation) the server says it is unsynchronised, and clients ignore its time.
 *
 * @param localStratum 1..15, or 0 for none
 */
record ServingPolicy(int localStratum) {

    static final ServingPolicy UNSYNCHRONISED = new ServingPolicy(0);

    static ServingPolicy of(NtpConfig ntp) {
        // local_after_sync waits for a first synchronisation, which this build (no client yet) never has.
        return ntp.localAfterSync() ? UNSYNCHRONISED : new ServingPolicy(ntp.localStratum().orElse(0));
    }

    ServerState advertised(long nowUnixNanos) {
        return localStratum == 0 ? ServerState.unsynchronised()
                : ServerState.local(localStratum, ServerState.DEFAULT_PRECISION, nowUnixNanos);
    }

    String describe() {
        return localStratum == 0 ? "unsynchronised (no local_stratum)" : "the local clock at stratum " + localStratum;
    }
}
