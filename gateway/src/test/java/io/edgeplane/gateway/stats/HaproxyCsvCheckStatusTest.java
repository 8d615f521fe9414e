package io.edgeplane.gateway.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.proxy.stats.CheckResult;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * HAProxy's check_status and check_code read from what edgeplane's checks report, in their words
 * ({@code status 503, expected 2xx}) and in the stats records' examples ({@code HTTP 200}).
 */
class HaproxyCsvCheckStatusTest {

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            true  | HTTP 200                                  | L7OK   | 200
            true  | status 204                                | L7OK   | 204
            false | HTTP 503                                  | L7STS  | 503
            false | status 503, expected 2xx                  | L7STS  | 503
            false | status 200 without 'ok' in the body       | L7RSP  | 200
            true  | connected                                 | L4OK   | none
            false | connection refused                        | L4CON  | none
            false | connect: Connection refused: /10.0.0.5:80 | L4CON  | none
            false | java.io.IOException: Connection reset     | L4CON  | none
            false | timed out after 2s                        | L4TOUT | none
            false | no answer within 2000ms                   | L4TOUT | none
            false | HTTP check timed out after 2s             | L7TOUT | none
            false | closed without an answer                  | L7RSP  | none
            false | java.lang.IllegalStateException: boom     | UNK    | none
            true  | TLS handshake ok (TLSv1.3)                | L6OK   | none
            false | TLS handshake with 10.0.0.5:443 failed (untrusted): no path | L6RSP | none
            false | TLS with 10.0.0.5:443: the certificate is for [a], not 10.0.0.5 | L6RSP | none
            false | timed out after 100ms in the TLS handshake | L6TOUT | none
            true  | TCP connect ok                            | L4OK   | none
            """)
    void readsTheCheckDetail(boolean passed, String detail, HaproxyCheckStatus expected, Integer code) {
        CheckResult check = new CheckResult(passed, detail, Instant.EPOCH, 3);

        assertThat(HaproxyCheckStatus.of(check)).isEqualTo(expected);
        assertThat(HaproxyCheckStatus.httpStatus(check).orElse(null)).isEqualTo(code);
    }
}
