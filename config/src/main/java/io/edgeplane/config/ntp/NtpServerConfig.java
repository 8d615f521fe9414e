package io.edgeplane.config.ntp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.bind.ScalarForm;
import io.edgeplane.config.value.TimeServer;
import java.util.Objects;

/**
 * One NTP server to synchronise to (chrony's {@code server}). Written alone, an address is a server with
 * every default: {@code servers: [10.0.0.53]}.
 *
 * @param address the server's name or IP address, port 123 unless given
 * @param iburst  start with a quick burst of requests, so the first clock update comes within seconds
 *                (chrony's {@code iburst})
 * @param minpoll the shortest interval between requests, as a power of 2 in seconds (6 = 64 s)
 * @param maxpoll the longest interval between requests, as a power of 2 in seconds (10 = 1024 s)
 * @param prefer  prefer this server over other selectable ones without {@code prefer} (chrony's {@code prefer})
 */
@ScalarForm("address")
public record NtpServerConfig(
        TimeServer address,
        @Default("false") boolean iburst,
        @Default("6") int minpoll,
        @Default("10") int maxpoll,
        @Default("false") boolean prefer) implements Checked {

    public NtpServerConfig {
        Objects.requireNonNull(address, "address");
    }

    @Override
    public void check(Checks checks) {
        NtpPolling.check(checks, minpoll, maxpoll);
    }
}
