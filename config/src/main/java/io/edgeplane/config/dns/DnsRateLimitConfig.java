package io.edgeplane.config.dns;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.Cidr;
import java.util.List;

/**
 * Response rate limiting for UDP answers (BIND's RRL, unbound's {@code ip-ratelimit}): a DNS server that answers
 * a spoofed source without limit is an amplifier aimed at that source. Clients are counted per network
 * ({@code ipv4_prefix}, {@code ipv6_prefix}); past the rate, answers are dropped, except every {@code slip}-th,
 * sent truncated so a real client retries over TCP, which cannot be spoofed. Loopback is never limited.
 *
 * @param responsesPerSecond UDP answers per second per client network; 0 turns limiting off
 * @param burst              answers a quiet client network may get at once; 0 = {@code responses_per_second}
 * @param slip               every slip-th limited answer goes out truncated instead of dropped; 0 = never
 * @param ipv4Prefix         IPv4 clients are counted per network of this length
 * @param ipv6Prefix         IPv6 clients are counted per network of this length
 * @param exempt             networks never limited, besides loopback (monitoring, a load tester)
 */
public record DnsRateLimitConfig(
        @Default("1000") int responsesPerSecond,
        @Default("0") int burst,
        @Default("2") int slip,
        @Default("24") int ipv4Prefix,
        @Default("56") int ipv6Prefix,
        List<Cidr> exempt) implements Checked {

    public DnsRateLimitConfig {
        exempt = List.copyOf(exempt);
    }

    /** The limit when the {@code rate_limit} section is left out. */
    public static DnsRateLimitConfig defaults() {
        return new DnsRateLimitConfig(1000, 0, 2, 24, 56, List.of());
    }

    @Override
    public void check(Checks checks) {
        checks.key("responses_per_second").require(responsesPerSecond >= 0 && responsesPerSecond <= 1_000_000,
                "responses_per_second must be 0..1000000", "such as 1000; 0 turns limiting off");
        checks.key("burst").require(burst >= 0 && burst <= 1_000_000, "burst must be 0..1000000", "such as 2000");
        checks.key("slip").require(slip >= 0 && slip <= 10, "slip must be 0..10", "2 (every other limited answer truncated)");
        checks.key("ipv4_prefix").require(ipv4Prefix >= 8 && ipv4Prefix <= 32, "ipv4_prefix must be 8..32", "24");
        checks.key("ipv6_prefix").require(ipv6Prefix >= 16 && ipv6Prefix <= 64, "ipv6_prefix must be 16..64",
                "56 (one host often has a whole /64 to spread over)");
    }
}
