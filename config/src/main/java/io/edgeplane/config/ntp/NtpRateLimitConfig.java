package io.edgeplane.config.ntp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;

/**
 * Response rate limiting per client address (chrony's {@code ratelimit}): it keeps a broken or misconfigured
 * client that polls too often from costing the server, and a spoofed flood from being answered in full.
 * Past the rate, requests are dropped, except a random one in 2^{@code leak}, so a spoofer cannot cut the
 * real owner of an address off completely.
 *
 * @param interval  the shortest mean interval between answers to one address, as a power of 2 in seconds
 *                  (3 = one answer per 8 s)
 * @param burst     answers one address may get back to back, above the rate (a client starting with
 *                  {@code iburst} sends 4 to 8)
 * @param leak      one limited request in 2^leak is answered anyway (2 = one in four)
 * @param tableSize client addresses tracked at once; when the table is full, older ones are forgotten
 */
public record NtpRateLimitConfig(
        @Default("3") int interval,
        @Default("8") int burst,
        @Default("2") int leak,
        @Default("65536") int tableSize) implements Checked {

    /** The limit of {@code rate_limit:} written with no keys, chrony's {@code ratelimit} without options. */
    public static NtpRateLimitConfig defaults() {
        return new NtpRateLimitConfig(3, 8, 2, 65536);
    }

    @Override
    public void check(Checks checks) {
        checks.key("interval").require(interval >= -19 && interval <= 12,
                "interval must be -19..12 (a power of 2 in seconds)", "3 (one answer per 8 s), as chrony uses by default");
        checks.key("burst").require(burst >= 1 && burst <= 255, "burst must be 1..255", "8, as chrony uses by default");
        checks.key("leak").require(leak >= 1 && leak <= 4, "leak must be 1..4 (one limited request in 2^leak is answered)",
                "2 (one in four), as chrony uses by default");
        checks.key("table_size").require(tableSize >= 256 && tableSize <= 16_777_216, "table_size must be 256..16777216",
                "65536");
    }
}
