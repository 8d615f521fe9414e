package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.time.Duration;
import java.util.Objects;

/**
 * Passive health checking: servers are judged by the requests they serve, not by probes (nginx's
 * {@code max_fails}/{@code fail_timeout}, HAProxy's {@code observe layer7}, Envoy's outlier detection). A server
 * that fails {@code consecutive_failures} attempts in a row (connect errors, lost connections, response
 * timeouts), or answers {@code consecutive_server_errors} 5xx in a row, is ejected: it takes no new requests for
 * {@code base_ejection_time}, twice that if it is ejected again soon after, and so on up to
 * {@code max_ejection_time}. Every {@code base_ejection_time} it then serves without being ejected halves
 * the next ejection again. At most {@code max_ejected_percent} of the pool's servers are ejected at once,
 * so a fault shared by every server (a bad deploy, a database down) cannot empty the pool.
 *
 * @param consecutiveFailures failed attempts in a row that eject a server; 0 = never for failures
 * @param consecutiveServerErrors 5xx answers in a row that eject a server; 0 = never for 5xx
 * @param baseEjectionTime    the first ejection's length
 * @param maxEjectionTime     the longest an ejection grows to
 * @param maxEjectedPercent   the most of the pool's servers ejected at once, rounded down, but at least one
 */
public record OutlierDetectionConfig(
        @Default("5") int consecutiveFailures,
        @Default("0") int consecutiveServerErrors,
        @Default("30s") Duration baseEjectionTime,
        @Default("300s") Duration maxEjectionTime,
        @Default("50") int maxEjectedPercent) implements Checked {

    public OutlierDetectionConfig {
        Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
        Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
    }

    @Override
    public void check(Checks checks) {
        checks.key("consecutive_failures").require(consecutiveFailures >= 0 && consecutiveFailures <= 1000,
                "consecutive_failures must be 0..1000", "such as 5; 0 turns it off");
        checks.key("consecutive_server_errors").require(consecutiveServerErrors >= 0 && consecutiveServerErrors <= 1000,
                "consecutive_server_errors must be 0..1000", "such as 5; 0 turns it off");
        checks.require(consecutiveFailures > 0 || consecutiveServerErrors > 0,
                "outlier_detection with consecutive_failures and consecutive_server_errors both 0 ejects nothing",
                "consecutive_failures: 5, or leave outlier_detection out");
        checks.key("base_ejection_time").require(baseEjectionTime.compareTo(Duration.ofMillis(100)) >= 0,
                "base_ejection_time must be at least 100ms", "such as 30s");
        checks.key("max_ejection_time").require(maxEjectionTime.compareTo(baseEjectionTime) >= 0,
                "max_ejection_time must be at least base_ejection_time (" + baseEjectionTime.toMillis() + "ms)", "such as 300s");
        checks.key("max_ejected_percent").require(maxEjectedPercent >= 0 && maxEjectedPercent <= 100,
                "max_ejected_percent must be 0..100", "such as 50");
    }
}
