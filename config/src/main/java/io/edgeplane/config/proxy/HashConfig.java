package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.util.Objects;
import java.util.Optional;

/**
 * What consistent hashing hashes on.
 *
 * @param key  {@code client_ip}, {@code header} or {@code cookie}
 * @param name the header or cookie name, for those keys
 */
public record HashConfig(@Default("client_ip") Key key, Optional<String> name) implements Checked {

    public HashConfig {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(name, "name");
    }

    /** Hash keys. */
    public enum Key { CLIENT_IP, HEADER, COOKIE }

    @Override
    public void check(Checks checks) {
        if (key != Key.CLIENT_IP) {
            checks.key("name").require(name.isPresent(), "a " + key.name().toLowerCase(java.util.Locale.ROOT) + " key needs a name",
                    "name: X-User-Id");
        }
    }
}
