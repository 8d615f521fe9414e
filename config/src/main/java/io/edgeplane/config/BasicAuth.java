package io.edgeplane.config;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Secret;
import java.util.Objects;

/** HTTP basic credentials (RFC 7617), as HAProxy's {@code stats auth user:password}. */
public record BasicAuth(String user, @Secret String password) implements Checked {

    public BasicAuth {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    @Override
    public void check(Checks checks) {
        checks.key("user").require(!user.isEmpty() && user.indexOf(':') < 0,
                user.isEmpty() ? "the user name is empty" : "the user name '" + user + "' contains ':'",
                "a non-empty name without ':' (RFC 7617)");
        checks.key("password").require(!password.isEmpty(), "the password is empty", "a non-empty password");
    }

    /** Never print the password, even by accident. */
    @Override
    public String toString() {
        return "BasicAuth[user=" + user + ", password=<redacted>]";
    }
}
