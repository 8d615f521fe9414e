package io.edgeplane.core.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** Request rates and latency percentiles, sampled off the request path for the stats page. */
class StatsSamplingTest {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    private Timer timer(String name) {
        return Timer.builder(name).publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry);
    }

    @Test
    void theRateIsTheGrowthOverTheLastSamples() {
        RateSampler rates = new RateSampler();
        long[] count = {0};
        for (int second = 0; second < 30; second++) {
            count[0] += second < 20 ? 5 : 50;
            rates.sample((BiConsumer<String, Long> sink) -> sink.accept("r", count[0]));
        }
        // The last ten seconds grew by 50 a second; the slow start is out of the window.
        assertThat(rates.rate("r")).isEqualTo(50.0);
        assertThat(rates.rate("unknown")).isZero();
        RateSampler once = new RateSampler();
        once.sample(sink -> sink.accept("r", 100L));
        assertThat(once.rate("r")).as("one sample is no rate").isZero();
    }

    @Test
    void percentilesFromBucketsAreCloseToTheTruth() {
        Timer timer = timer("t");
        for (int i = 1; i <= 1000; i++) {
            timer.record(i < 990 ? 10 : 500, TimeUnit.MILLISECONDS);
        }
        Latency latency = LatencyPercentiles.of(List.of(timer));
        // Within the width of the bucket holding the true value (10ms and 500ms).
        assertThat(latency.p50Millis()).isBetween(8.0, 11.5);
        assertThat(latency.p99Millis()).isBetween(400.0, 560.0);
        assertThat(LatencyPercentiles.of(List.of(timer("empty")))).isEqualTo(Latency.NONE);
    }

    @Test
    void theWindowForgetsWhatIsOlderThanAMinute() {
        Timer timer = timer("w");
        LatencyWindow window = new LatencyWindow();
        for (int i = 0; i < 100; i++) {
            timer.record(800, TimeUnit.MILLISECONDS);
        }
        window.sample(Map.of("k", List.of(timer)));
        assertThat(window.percentiles("k", List.of(timer)).p99Millis()).as("less than a window of samples: all so far")
                .isGreaterThan(500.0);
        for (int step = 0; step < LatencyWindow.KEPT; step++) {
            for (int i = 0; i < 100; i++) {
                timer.record(5, TimeUnit.MILLISECONDS);
            }
            window.sample(Map.of("k", List.of(timer)));
        }
        // The slow answers came before the oldest sample kept: only the fast ones are in the window.
        assertThat(window.percentiles("k", List.of(timer)).p99Millis()).isLessThan(10.0);
        assertThat(LatencyPercentiles.of(List.of(timer)).p99Millis()).as("all time").isGreaterThan(500.0);
        assertThat(window.percentiles("other", List.of(timer)).p99Millis()).as("no samples: all time").isGreaterThan(500.0);
    }
}
