package io.edgeplane.config.ntp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.bind.ScalarForm;
import io.edgeplane.config.value.TimeServer;
import java.util.Objects;

/**
 * A pool of NTP servers behind one name (chrony's {@code pool}): the name is resolved to several addresses,
 * up to {@code max_sources} of them are used, and one that stops answering is replaced by a fresh address.
 * Written alone, a name is a pool with every default: {@code pools: [pool.ntp.org]}.
 *
 * @param name       the pool's name, port 123 unless given
 * @param iburst     start each server with a quick burst of requests (chrony's {@code iburst})
 * @param minpoll    the shortest interval between requests, as a power of 2 in seconds (6 = 64 s)
 * @param maxpoll    the longest interval between requests, as a power of 2 in seconds (10 = 1024 s)
 * @param prefer     prefer these servers over other selectable ones without {@code prefer}
 * @param maxSources how many of the pool's servers are used at once (chrony's {@code maxsources})
 */
@ScalarForm("name")
public record NtpPoolConfig(
        TimeServer name,
        @Default("false") boolean iburst,
        @Default("6") int minpoll,
        @Default("10") int maxpoll,
        @Default("false") boolean prefer,
        @Default("4") int maxSources) implements Checked {

    /** chrony's upper bound of {@code maxsources}. */
    public static final int MAX_SOURCES = 16;

    public NtpPoolConfig {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public void check(Checks checks) {
        NtpPolling.check(checks, minpoll, maxpoll);
        checks.key("max_sources").require(maxSources >= 1 && maxSources <= MAX_SOURCES,
                "max_sources must be 1.." + MAX_SOURCES, "4, as chrony uses by default");
    }
}
