package io.edgeplane.ntp.server;

import java.util.Map;

/**
 * The server's counters now.
 *
 * @param replies      replies sent, by kind: {@code time}, {@code rate_kiss}, {@code deny_kiss}
 * @param dropped      datagrams answered with nothing, by reason
 * @param stratum      the stratum served (0: unsynchronised)
 * @param synchronised whether clients are told the time is good
 */
public record NtpCounts(Map<String, Long> replies, Map<String, Long> dropped, int stratum, boolean synchronised) {

    public NtpCounts {
        replies = Map.copyOf(replies);
        dropped = Map.copyOf(dropped);
    }
}
