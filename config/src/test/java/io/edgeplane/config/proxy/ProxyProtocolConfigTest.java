package io.edgeplane.config.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A listener's {@code proxy_protocol} and an upstream's {@code send_proxy}. */
class ProxyProtocolConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    @Test
    void offUnlessAskedFor() throws Exception {
        ProxyConfig proxy = loader.parse("f.yaml", """
                proxy:
                  upstreams: { app: { servers: [{ address: 127.0.0.1:8081 }] } }
                  listeners: [{ name: l, listen: [127.0.0.1:0], routes: [{ upstream: app }] }]
                """).proxy().orElseThrow();
        assertThat(proxy.listeners().getFirst().proxyProtocol()).isEqualTo(new ProxyProtocolConfig(false, List.of()));
        assertThat(proxy.upstreams().get("app").sendProxy()).isEmpty();
    }

    @Test
    void bindsBothKeys() throws Exception {
        ProxyConfig proxy = loader.parse("f.yaml", """
                proxy:
                  upstreams: { app: { servers: [{ address: 127.0.0.1:8081 }], send_proxy: v2 } }
                  listeners:
                    - name: l
                      listen: [127.0.0.1:0]
                      proxy_protocol: { accept: true, trusted: [10.0.0.0/8] }
                      routes: [{ upstream: app }]
                """).proxy().orElseThrow();
        ProxyProtocolConfig accept = proxy.listeners().getFirst().proxyProtocol();
        assertThat(accept.accept()).isTrue();
        assertThat(accept.trusted()).hasSize(1);
        assertThat(proxy.upstreams().get("app").sendProxy()).isEqualTo(Optional.of(UpstreamConfig.ProxyProtocolVersion.V2));
    }

    @Test
    void trustedWithoutAcceptAndUnknownVersionsAreErrors() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse("f.yaml", """
                proxy:
                  upstreams: { app: { servers: [{ address: 127.0.0.1:8081 }], send_proxy: v3 } }
                  listeners:
                    - { name: l, listen: [127.0.0.1:0], proxy_protocol: { trusted: [10.0.0.0/8] }, routes: [{ upstream: app }] }
                """));
        assertThat(e).isNotNull();
        assertThat(e.problems().stream().map(ConfigProblem::toString).toList())
                .anySatisfy(p -> assertThat(p).contains("proxy_protocol.trusted").contains("only with accept: true"))
                .anySatisfy(p -> assertThat(p).contains("send_proxy"));
    }
}
