package io.edgeplane.gateway.admin;

import io.edgeplane.config.AdminConfig;
import io.edgeplane.config.BasicAuth;
import io.edgeplane.core.net.AccessList;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** Who may use the admin API: the allow/deny networks, and the basic-auth credentials if any. */
record AdminPolicy(AccessList access, Optional<BasicAuth> auth) {

    static final String REALM = "Basic realm=\"edgeplane admin\", charset=\"UTF-8\"";

    AdminPolicy {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(auth, "auth");
    }

    static AdminPolicy of(AdminConfig config) {
        return new AdminPolicy(new AccessList(config.allow(), config.deny()), config.auth());
    }

    /** Who a request that {@link #authenticates} is: the configured user, or {@code "-"} without credentials. */
    String user() {
        return auth.map(BasicAuth::user).orElse("-");
    }

    boolean admits(InetAddress client) {
        return access.permits(client);
    }

    /** Whether an {@code Authorization} header (possibly absent) carries the configured credentials. */
    boolean authenticates(String authorization) {
        if (auth.isEmpty()) {
            return true;
        }
        if (authorization == null || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (auth.get().user() + ":" + auth.get().password()).getBytes(StandardCharsets.UTF_8);
        // Constant time, so the answer's timing does not reveal how much of a guess was right.
        return MessageDigest.isEqual(given, expected);
    }
}
