package io.edgeplane.dhcp.pool;

import io.edgeplane.dhcp.lease.Lease;
import java.net.Inet4Address;
import java.time.Instant;
import java.util.Objects;

/** An address tied to a client: offered and held for a while, or leased. */
public sealed interface Binding permits Binding.Offered, Binding.Leased {

    Inet4Address address();

    ClientKey client();

    /** When the binding lapses: the offer is withdrawn, or the lease expires. */
    Instant until();

    /** An address offered to a client and held for it until it requests it or the hold lapses. */
    record Offered(Inet4Address address, ClientKey client, Instant until) implements Binding {
        public Offered {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(until, "until");
        }
    }

    /** A lease that was acknowledged (and written to the journal first). */
    record Leased(Lease lease, ClientKey client) implements Binding {
        public Leased {
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(client, "client");
        }

        @Override
        public Inet4Address address() {
            return lease.address();
        }

        @Override
        public Instant until() {
            return lease.expires();
        }
    }
}
