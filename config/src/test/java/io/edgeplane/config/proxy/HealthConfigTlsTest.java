package io.edgeplane.config.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code health} in a pool with {@code tls}: HTTP checks are taken, as TCP ones, and go over the pool's TLS. */
class HealthConfigTlsTest {

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    @Test
    void anHttpCheckOfAPoolWithTlsIsTaken() throws Exception {
        UpstreamConfig upstream = loader.parse("f.yaml", """
                proxy:
                  upstreams:
                    api:
                      servers: [{ address: 10.0.0.21:8443 }]
                      tls: { server_name: api.internal }
                      health: { http: { path: /health, expect: 200 }, interval: 5s }
                  listeners: [{ name: l, listen: [127.0.0.1:0], routes: [{ upstream: api }] }]
                """).proxy().orElseThrow().upstreams().get("api");

        assertThat(upstream.tls()).isPresent();
        assertThat(upstream.health().orElseThrow().http().orElseThrow().path()).isEqualTo("/health");
    }
}
