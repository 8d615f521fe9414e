package io.edgeplane.proxy.resolve;

import java.util.concurrent.CompletableFuture;

/** Looks a name up once. Implementations never block the caller and never answer on a data event loop. */
@FunctionalInterface
public interface NameLookup extends AutoCloseable {

    /**
     * The addresses of {@code host}. Fails with a {@link NameLookupException} when the name has no address
     * or the name servers did not answer.
     */
    CompletableFuture<ResolvedName> lookup(String host);

    /** Releases what the lookups use (sockets); lookups in flight may fail. */
    @Override
    default void close() {
    }
}
