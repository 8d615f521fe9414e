package io.edgeplane.dhcp.exchange;

import io.edgeplane.dhcp.lease.Lease;
import java.net.Inet4Address;

/**
 * Where the responder writes lease changes. Nothing it writes is durable until the server commits the log, which it
 * does before sending any {@link Outcome.Answer#durable() durable} answer.
 */
public interface LeaseLog {

    /** A lease was granted or renewed. */
    void put(Lease lease);

    /** The lease of {@code address} ended: released, declined or expired. */
    void remove(Inet4Address address);
}
