package io.edgeplane.dns.server;

import io.edgeplane.core.net.AccessList;
import java.util.Objects;

/**
 * What answering needs from one config, built whole off the request path and swapped in one volatile write
 * on reload: who may ask, the answers, and how they are written.
 */
record DnsRuntime(AccessList access, Responder responder, ResponseWriter writer) {

    DnsRuntime {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(responder, "responder");
        Objects.requireNonNull(writer, "writer");
    }
}
