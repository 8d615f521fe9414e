package io.edgeplane.config.vrrp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * VRRPv2 simple text authentication (keepalived's {@code auth_type PASS} with {@code auth_pass}). It only
 * keeps apart routers that were configured apart: the password travels in clear in every advert, and RFC 3768
 * removed authentication from VRRPv2 for that reason. VRRPv3 has none.
 *
 * @param pass the password, 1 to 8 bytes: the advert has 8 bytes for it. keepalived silently keeps the first 8
 *             of a longer one; here a longer one is refused, so that what the peers compare is what was written
 */
public record VrrpAuthConfig(@Secret String pass) implements Checked {

    /** The authentication data field of a VRRPv2 advert (RFC 2338 5.3.10). */
    public static final int MAX_BYTES = 8;

    public VrrpAuthConfig {
        Objects.requireNonNull(pass, "pass");
    }

    @Override
    public void check(Checks checks) {
        int bytes = pass.getBytes(StandardCharsets.UTF_8).length;
        checks.key("pass").require(bytes >= 1 && bytes <= MAX_BYTES, bytes == 0 ? "the password is empty"
                        // Never print the password: it is a secret, and the error may go to a log.
                        : "the password is " + bytes + " bytes, and a VRRPv2 advert carries at most " + MAX_BYTES
                        + " (keepalived would silently use the first " + MAX_BYTES + ")",
                "1 to 8 characters, the same on every router of the instance");
    }

    /** Never print the password, even by accident. */
    @Override
    public String toString() {
        return "VrrpAuthConfig[pass=<redacted>]";
    }
}
