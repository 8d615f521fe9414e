package io.edgeplane.ntp.stats;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The NTP service now: what it serves and to whom ({@code chronyc serverstats}), how well it keeps time
 * ({@code chronyc tracking}) and each source ({@code chronyc sources}).
 *
 * @param addresses      where the server listens; empty for a client only
 * @param replies        replies sent, by kind: {@code time}, {@code rate_kiss}, {@code deny_kiss}
 * @param dropped        requests answered with nothing, by reason
 * @param servedStratum  the stratum the server gives clients (0: unsynchronised)
 * @param tracking       the client's state
 * @param sources        each source polled, in config order
 */
public record NtpStats(List<String> addresses, Map<String, Long> replies, Map<String, Long> dropped, int servedStratum,
                       Tracking tracking, List<Source> sources) {

    public NtpStats {
        addresses = List.copyOf(addresses);
        replies = Map.copyOf(replies);
        dropped = Map.copyOf(dropped);
        Objects.requireNonNull(tracking, "tracking");
        sources = List.copyOf(sources);
    }

    /**
     * {@code chronyc tracking}, in short.
     *
     * @param synchronised  whether a majority of sources agrees and the time scale follows it
     * @param systemPeer    the source followed ("" when none)
     * @param stratum       our stratum: the peer's + 1 (16 when unsynchronised)
     * @param offsetMicros  the last combined offset (true time minus ours), µs
     * @param jitterMicros  the system jitter, µs
     * @param frequencyPpm  how fast the clock edgeplane counts on gains, as chrony's drift file says it: the system
     *                      clock with {@code discipline: none}, the raw oscillator with {@code system}
     * @param correctionMicros edgeplane's time minus the system clock's now, µs (chronyc's "System time", sign
     *                      reversed): with {@code discipline: system}, what is still to be slewed into it
     * @param systemClock   how the system clock is handled: {@code untouched} ({@code discipline: none}),
     *                      {@code steered}, {@code not permitted} (no {@code CAP_SYS_TIME}) or {@code failing}
     * @param steps         times the time scale was stepped (makestep)
     */
    public record Tracking(boolean synchronised, String systemPeer, int stratum, double offsetMicros,
                           double jitterMicros, double frequencyPpm, double correctionMicros, String systemClock,
                           long steps) {
        public Tracking {
            Objects.requireNonNull(systemPeer, "systemPeer");
            Objects.requireNonNull(systemClock, "systemClock");
        }
    }

    /**
     * One source, as {@code chronyc sources} shows it.
     *
     * @param address      IP:port polled
     * @param configuredAs the server or pool name it came from
     * @param stratum      its stratum (0 before its first reply)
     * @param poll         log2 of the poll interval, s
     * @param reach        the reach register (chronyc shows it in octal: 377 = the last 8 answered)
     * @param state        system peer, combined, candidate, falseticker, unusable, unreached, refused (CODE)
     * @param offsetMicros its filtered offset, µs
     * @param delayMicros  its filtered round trip, µs
     * @param jitterMicros its jitter, µs
     */
    public record Source(String address, String configuredAs, int stratum, int poll, int reach, String state,
                         double offsetMicros, double delayMicros, double jitterMicros) {
        public Source {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(configuredAs, "configuredAs");
            Objects.requireNonNull(state, "state");
        }
    }
}
