package io.edgeplane.config.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An upstream's {@code health}: HAProxy's defaults, the path as a plain value, and checked limits. */
class HealthConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private UpstreamConfig upstream(String health) throws Exception {
        return loader.parse("f.yaml", """
                proxy:
                  upstreams: { app: { servers: [{ address: 127.0.0.1:8081 }], health: %s } }
                  listeners: [{ name: l, listen: [127.0.0.1:0], routes: [{ upstream: app }] }]
                """.formatted(health)).proxy().orElseThrow().upstreams().get("app");
    }

    @Test
    void defaultsAndThePathAsAPlainValue() throws Exception {
        HealthConfig tcp = upstream("{}").health().orElseThrow();
        assertThat(tcp.http()).isEmpty();
        assertThat(tcp.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(tcp.fall()).isEqualTo(3);
        assertThat(tcp.rise()).isEqualTo(2);
        HttpCheckConfig http = upstream("{ http: /dynia-health, interval: 5s }").health().orElseThrow().http().orElseThrow();
        assertThat(http.path()).isEqualTo("/dynia-health");
        assertThat(http.method()).isEqualTo("GET");
        assertThat(http.expectFrom()).isEqualTo(200);
        assertThat(http.expectTo()).isEqualTo(399);
        assertThat(upstream("{ http: { path: /h, expect: 204 } }").health().orElseThrow().http().orElseThrow().expectTo()).isEqualTo(204);
    }

    @Test
    void badValuesAreErrorsWithTheirPlace() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> upstream(
                "{ http: { path: health, method: POST, expect: 299-200 }, interval: 10ms, timeout: 1s, fall: 0 }"));
        assertThat(e).isNotNull();
        assertThat(e.problems().stream().map(ConfigProblem::toString).toList())
                .anySatisfy(p -> assertThat(p).startsWith("f.yaml:2:").contains("health.http.path"))
                .anySatisfy(p -> assertThat(p).contains("health.http.method"))
                .anySatisfy(p -> assertThat(p).contains("health.http.expect"))
                .anySatisfy(p -> assertThat(p).contains("health.interval"))
                .anySatisfy(p -> assertThat(p).contains("health.fall"));
    }
}
