package io.edgeplane.core.transport;

import io.edgeplane.config.value.HostPort;
import io.edgeplane.core.lifecycle.ServiceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The sockets a reload leaves a service with: those of addresses it keeps listening on, carried over as they
 * are (port 0 included: the same config line keeps the port the kernel gave it), and fresh ones for new
 * addresses. Sockets of addresses dropped from the config are the caller's to close on commit.
 *
 * @param sockets every wanted address's socket, in config order
 * @param bound   the sockets bound for this plan: what an abort closes
 * @param <S>     what one address's sockets are (a channel, or a UDP and TCP pair)
 */
public record ListenPlan<S>(Map<HostPort, S> sockets, List<S> bound) {

    /** Binds one address's sockets; throws when it cannot. */
    @FunctionalInterface
    public interface Binder<S> {
        S bind(HostPort address) throws ServiceException;
    }

    public ListenPlan {
        sockets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sockets));
        bound = List.copyOf(bound);
    }

    /**
     * Keeps {@code current}'s sockets for the addresses in {@code wanted} and binds the others. If one bind
     * fails, the ones this call bound are closed with {@code close} before the failure is thrown, so the
     * running service is left exactly as it was.
     */
    public static <S> ListenPlan<S> of(Map<HostPort, S> current, List<HostPort> wanted, Binder<S> binder,
                                       Consumer<S> close) throws ServiceException {
        Map<HostPort, S> sockets = new LinkedHashMap<>();
        List<S> bound = new ArrayList<>();
        try {
            for (HostPort address : wanted) {
                S existing = current.get(address);
                if (existing != null) {
                    sockets.put(address, existing);
                } else {
                    S fresh = binder.bind(address);
                    bound.add(fresh);
                    sockets.put(address, fresh);
                }
            }
        } catch (ServiceException | RuntimeException e) {
            bound.forEach(close);
            throw e;
        }
        return new ListenPlan<>(sockets, bound);
    }

    /** Closes, with {@code close}, the sockets of {@code previous} this plan does not keep: on commit. */
    public void closeDropped(Map<HostPort, S> previous, Consumer<S> close) {
        previous.forEach((address, old) -> {
            if (!sockets.containsValue(old)) {
                close.accept(old);
            }
        });
    }
}
