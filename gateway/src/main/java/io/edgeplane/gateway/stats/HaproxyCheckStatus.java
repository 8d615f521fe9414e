package io.edgeplane.gateway.stats;

import io.edgeplane.proxy.stats.CheckResult;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HAProxy's names for a health check's outcome ({@code check_status} and {@code check_desc} of its stats
 * CSV), read from what an edgeplane check reported. The checks report a sentence, not a code, so this goes
 * by its words: an HTTP status ({@code "HTTP 200"}, {@code "status 503, expected 2xx"}), a timeout, a
 * connection that failed. What it cannot place is {@link #UNK}.
 */
enum HaproxyCheckStatus {
    /** Nothing to go by. */
    UNK("Unknown"),
    /** Taken out by passive checks (HAProxy's {@code observe} with {@code on-error mark-down}). */
    HANA("Health analyze"),
    L4OK("Layer4 check passed"),
    L4TOUT("Layer4 timeout"),
    L4CON("Layer4 connection problem"),
    L6OK("Layer6 check passed"),
    L6TOUT("Layer6 timeout"),
    L6RSP("Layer6 invalid response"),
    L7OK("Layer7 check passed"),
    L7TOUT("Layer7 timeout"),
    L7RSP("Layer7 invalid response"),
    L7STS("Layer7 wrong status");

    private static final Pattern HTTP_STATUS = Pattern.compile("\\b(?:http|status)\\s+([1-5][0-9]{2})\\b");

    private final String description;

    HaproxyCheckStatus(String description) {
        this.description = description;
    }

    /** HAProxy's short description, its {@code check_desc}. */
    String description() {
        return description;
    }

    static HaproxyCheckStatus of(CheckResult check) {
        String detail = check.detail().toLowerCase(Locale.ROOT);
        boolean answered = httpStatus(check).isPresent();
        boolean tls = detail.contains("tls");
        if (check.passed()) {
            return answered ? L7OK : tls ? L6OK : L4OK;
        }
        if (answered) {
            // An answer with the right status but not the expected body is a bad response, not a bad status.
            return detail.contains("body") ? L7RSP : L7STS;
        }
        if (detail.contains("timed out") || detail.contains("timeout") || detail.contains("no answer within")) {
            return detail.contains("tls") ? L6TOUT : detail.contains("http") ? L7TOUT : L4TOUT;
        }
        if (tls && !detail.contains("refused")) {
            // The TCP connection was made, the TLS handshake or the certificate was not right: HAProxy's layer 6.
            return L6RSP;
        }
        if (detail.contains("refused") || detail.contains("connect") || detail.contains("reset")
                || detail.contains("unreachable") || detail.contains("no route")) {
            return L4CON;
        }
        if (detail.contains("closed") || detail.contains("invalid")) {
            return L7RSP;
        }
        return UNK;
    }

    /** The HTTP status the check got, if it says: HAProxy's {@code check_code}. */
    static Optional<Integer> httpStatus(CheckResult check) {
        Matcher matcher = HTTP_STATUS.matcher(check.detail().toLowerCase(Locale.ROOT));
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
    }
}
