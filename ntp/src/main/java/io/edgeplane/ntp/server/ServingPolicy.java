package io.edgeplane.ntp.server;

import io.edgeplane.config.ntp.NtpConfig;
import java.util.Optional;

/**
 * What the server says of its clock: synchronised to its sources when the client has recently steered it;
 * otherwise, with chrony's {@code local stratum N}, the local clock at stratum N (with {@code local_after_sync},
 * only once it was synchronised at least once since start); otherwise unsynchronised, and clients ignore it.
 *
 * @param localStratum   1..15, or 0 for none
 * @param localAfterSync serve the local clock only after a first synchronisation
 */
record ServingPolicy(int localStratum, boolean localAfterSync) {

    static final ServingPolicy UNSYNCHRONISED = new ServingPolicy(0, false);

    static ServingPolicy of(NtpConfig ntp) {
        return new ServingPolicy(ntp.localStratum().orElse(0), ntp.localAfterSync());
    }

    ServerState advertised(long nowUnixNanos, Optional<ServerState> synchronised, boolean everSynchronised) {
        if (synchronised.isPresent()) {
            return synchronised.get();
        }
        if (localStratum == 0 || localAfterSync && !everSynchronised) {
            return ServerState.unsynchronised();
        }
        return ServerState.local(localStratum, ServerState.DEFAULT_PRECISION, nowUnixNanos);
    }

    String describe() {
        if (localStratum == 0) {
            return "the time of its sources once synchronised, else unsynchronised";
        }
        return "the time of its sources once synchronised, else the local clock at stratum " + localStratum
                + (localAfterSync ? " after a first synchronisation" : "");
    }
}
