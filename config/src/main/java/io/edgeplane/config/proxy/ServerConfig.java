package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.HostPort;
import java.util.Objects;

/**
 * One upstream server.
 *
 * @param address host:port; a name is resolved when the config is applied (start or reload), off the
 *                event loop, and again whenever its TTL runs out (see {@link ResolverConfig}); a name that
 *                does not resolve when the config is applied fails that start or reload
 * @param weight  its share of requests relative to the others (1..1000)
 * @param backup  used only when no primary server can take a request
 */
public record ServerConfig(HostPort address, @Default("1") int weight, @Default("false") boolean backup) implements Checked {

    public ServerConfig {
        Objects.requireNonNull(address, "address");
    }

    @Override
    public void check(Checks checks) {
        checks.key("weight").require(weight >= 1 && weight <= 1000, "weight " + weight + " is outside 1..1000", "1..1000");
        checks.key("address").require(address.port() > 0, "an upstream server needs a port", "host:port such as 127.0.0.1:8081");
    }
}
