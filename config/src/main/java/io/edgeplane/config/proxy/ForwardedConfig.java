package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.Cidr;
import java.util.List;
import java.util.Objects;

/**
 * The headers that tell an upstream who the client is (nginx's {@code proxy_set_header X-Forwarded-For
 * $proxy_add_x_forwarded_for}, HAProxy's {@code option forwardedfor}).
 *
 * @param xForwardedFor   {@code append} the client to the list, {@code replace} it, or {@code off}
 * @param xForwardedProto send X-Forwarded-Proto ({@code http} or {@code https})
 * @param xForwardedHost  send X-Forwarded-Host (the Host the client asked for)
 * @param xForwardedPort  send X-Forwarded-Port (the listener's port)
 * @param xRealIp         send X-Real-IP with the client address
 * @param trustedProxies  peers whose own X-Forwarded-For is believed; from anyone else it is replaced
 */
public record ForwardedConfig(
        @Default("append") ForwardedFor xForwardedFor,
        @Default("true") boolean xForwardedProto,
        @Default("false") boolean xForwardedHost,
        @Default("false") boolean xForwardedPort,
        @Default("false") boolean xRealIp,
        List<Cidr> trustedProxies) {

    public ForwardedConfig {
        Objects.requireNonNull(xForwardedFor, "xForwardedFor");
        trustedProxies = List.copyOf(trustedProxies);
    }

    /** What happens to X-Forwarded-For. */
    public enum ForwardedFor { APPEND, REPLACE, OFF }
}
