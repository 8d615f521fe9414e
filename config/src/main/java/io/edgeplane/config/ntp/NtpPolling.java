package io.edgeplane.config.ntp;

import io.edgeplane.config.bind.Checks;

/** The polling interval bounds a server and a pool share, as chrony checks its {@code minpoll} and {@code maxpoll}. */
final class NtpPolling {

    /** chrony's bounds for both: 2^-7 s (1/128 s) to 2^24 s (about 6 months). */
    static final int MIN = -7;
    static final int MAX = 24;
    static final int DEFAULT_MINPOLL = 6;
    static final int DEFAULT_MAXPOLL = 10;

    private NtpPolling() {
    }

    static void check(Checks checks, int minpoll, int maxpoll) {
        boolean minValid = checks.key("minpoll").require(minpoll >= MIN && minpoll <= MAX,
                "minpoll must be " + MIN + ".." + MAX + " (a power of 2 in seconds)",
                "6 (64 s); below 6 only for a server on your own network");
        boolean maxValid = checks.key("maxpoll").require(maxpoll >= MIN && maxpoll <= MAX,
                "maxpoll must be " + MIN + ".." + MAX + " (a power of 2 in seconds)", "10 (1024 s)");
        if (minValid && maxValid && minpoll > maxpoll) {
            // Point at the key that was moved off its default: that is the one written in the file.
            String key = maxpoll == DEFAULT_MAXPOLL ? "minpoll" : "maxpoll";
            checks.key(key).error("minpoll " + minpoll + " is above maxpoll " + maxpoll,
                    "minpoll at most maxpoll, such as minpoll: 4 with maxpoll: 6");
        }
    }
}
