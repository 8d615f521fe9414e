package io.edgeplane.config;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.HostPort;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The admin listener: {@code /healthz}, {@code /readyz}, {@code /metrics}, {@code /api/config},
 * {@code /api/reload}. It is HAProxy's {@code listen stats} with its {@code stats auth}, and the ufw
 * rule that lets only the cluster reach it.
 *
 * @param listen where it listens; loopback unless said otherwise
 * @param auth   HTTP basic credentials every request must carry, if given
 * @param allow  client networks let in; empty lets in every client not denied
 * @param deny   client networks turned away, checked before {@code allow}
 * @param auditLog a file every change made through the API is appended to (who, what, when, outcome), one
 *               JSON object a line; absent = the changes are written to the process log only
 */
public record AdminConfig(
        @Default("127.0.0.1:8404") HostPort listen,
        Optional<BasicAuth> auth,
        List<Cidr> allow,
        List<Cidr> deny,
        Optional<String> auditLog) implements Checked {

    public AdminConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(auth, "auth");
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        Objects.requireNonNull(auditLog, "auditLog");
    }

    @Override
    public void check(Checks checks) {
        checks.key("listen").require(listen.isIpLiteral(),
                "the admin listener binds an address, not the name '" + listen.host() + "'",
                "an IP address such as 127.0.0.1:8404 or 0.0.0.0:8404");
        auditLog.ifPresent(path -> checks.key("audit_log").require(!path.isBlank(), "the audit log path is empty",
                "a file such as /var/log/edgeplane/audit.log"));
    }
}
