package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.Cidr;
import java.util.List;

/**
 * PROXY protocol (v1 text or v2 binary) on a listener behind an L4 balancer (HAProxy's {@code accept-proxy},
 * nginx's {@code listen ... proxy_protocol}). When accepted, every connection must start with a header, and
 * the client address it names is the client for everything after: access lists, {@code $remote_addr},
 * X-Forwarded-For and X-Real-IP, the access log and rate limits.
 *
 * @param accept  every connection must start with a PROXY header; one without is closed
 * @param trusted the balancers allowed to send one; empty lets any peer, a peer outside a non-empty list is closed
 */
public record ProxyProtocolConfig(@Default("false") boolean accept, List<Cidr> trusted) implements Checked {

    public ProxyProtocolConfig {
        trusted = List.copyOf(trusted);
    }

    @Override
    public void check(Checks checks) {
        checks.key("trusted").require(accept || trusted.isEmpty(), "trusted is used only with accept: true",
                "proxy_protocol: { accept: true, trusted: [10.0.0.0/8] }");
    }
}
