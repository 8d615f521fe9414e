package io.edgeplane.dhcp.server;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Whether something already answers on an address, found without blocking the caller (an ICMP echo). */
public interface AddressProbe extends AutoCloseable {

    /** Completes with true when the address answered within {@code timeout}, false otherwise. */
    CompletableFuture<Boolean> probe(Inet4Address address, Duration timeout);

    @Override
    void close();
}
