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

/** An upstream's {@code outlier_detection} and {@code slow_start}, and servers named once per pool. */
class OutlierDetectionConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private UpstreamConfig upstream(String extra) throws Exception {
        return loader.parse("f.yaml", """
                proxy:
                  upstreams: { app: { servers: [{ address: 127.0.0.1:8081 }, { address: 127.0.0.1:8082 }], %s } }
                  listeners: [{ name: l, listen: [127.0.0.1:0], routes: [{ upstream: app }] }]
                """.formatted(extra)).proxy().orElseThrow().upstreams().get("app");
    }

    @Test
    void defaultsLikeEnvoysAndOffWhenAbsent() throws Exception {
        OutlierDetectionConfig outliers = upstream("outlier_detection: {}").outlierDetection().orElseThrow();
        assertThat(outliers.consecutiveFailures()).isEqualTo(5);
        assertThat(outliers.consecutiveServerErrors()).isZero();
        assertThat(outliers.baseEjectionTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(outliers.maxEjectionTime()).isEqualTo(Duration.ofSeconds(300));
        assertThat(outliers.maxEjectedPercent()).isEqualTo(50);
        UpstreamConfig plain = upstream("retries: 1");
        assertThat(plain.outlierDetection()).isEmpty();
        assertThat(plain.slowStart()).isZero();
        assertThat(upstream("slow_start: 30s").slowStart()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void badValuesAreErrorsWithTheirPlace() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> upstream(
                "outlier_detection: { consecutive_failures: 0, base_ejection_time: 10ms, max_ejection_time: 5ms, "
                        + "max_ejected_percent: 101 }, slow_start: -1s"));
        assertThat(e).isNotNull();
        assertThat(e.problems().stream().map(ConfigProblem::toString).toList())
                .anySatisfy(p -> assertThat(p).startsWith("f.yaml:2:").contains("outlier_detection").contains("ejects nothing"))
                .anySatisfy(p -> assertThat(p).contains("outlier_detection.base_ejection_time"))
                .anySatisfy(p -> assertThat(p).contains("outlier_detection.max_ejection_time"))
                .anySatisfy(p -> assertThat(p).contains("outlier_detection.max_ejected_percent"))
                .anySatisfy(p -> assertThat(p).contains("slow_start"));
    }

    @Test
    void aServerListedTwiceInAPoolIsAnError() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse("f.yaml", """
                proxy:
                  upstreams: { app: { servers: [{ address: 127.0.0.1:8081 }, { address: 127.0.0.1:8081, weight: 2 }] } }
                  listeners: [{ name: l, listen: [127.0.0.1:0], routes: [{ upstream: app }] }]
                """));
        assertThat(e).isNotNull();
        assertThat(e.problems().stream().map(ConfigProblem::toString).toList())
                .anySatisfy(p -> assertThat(p).contains("servers[1].address").contains("listed twice"));
    }
}
