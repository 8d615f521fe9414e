package io.edgeplane.ntp.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The whole client side end to end, on simulated exchanges: timestamps into samples, samples through each
 * source's filter, filter outputs into selection. Our clock is 20 ms behind the truth; three servers tell the
 * truth over paths with random queueing, a fourth is a second ahead of it.
 */
class MitigationPipelineTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long TRUE_OFFSET = 20 * MS;
    private static final long POLL = 64 * S;
    private static final int LOCAL_PRECISION = -20;
    /** Queueing adds up to this much each way: a sample's asymmetry error is at most half of it. */
    private static final long MAX_QUEUEING = 5 * MS;

    @Test
    void threeHonestServersAndOneFalsetickerGiveTheTruthWithinHalfTheWorstAsymmetry() {
        Random random = new Random(123);
        long localUnixStart = 1_700_000_000L * S;
        long monotonicStart = 50 * S;
        String[] ids = {"ntp1", "ntp2", "ntp3", "liar"};
        long[] lies = {0, 0, 0, S};
        long[] baseDelays = {4 * MS, 12 * MS, 25 * MS, 8 * MS};
        List<ClockFilter> filters = new ArrayList<>();
        for (int s = 0; s < ids.length; s++) {
            filters.add(new ClockFilter(ClockSample.precisionNanos(LOCAL_PRECISION), 2 * POLL));
        }

        long now = monotonicStart;
        for (int poll = 0; poll < 8; poll++) {
            for (int s = 0; s < ids.length; s++) {
                long t1 = localUnixStart + (now - monotonicStart);
                long out = baseDelays[s] + random.nextLong(0, MAX_QUEUEING);
                long back = baseDelays[s] + random.nextLong(0, MAX_QUEUEING);
                long held = random.nextLong(10_000, 200_000);
                // The server's clock reads the truth, plus its lie; ours reads the truth less 20 ms.
                long t2 = t1 + out + TRUE_OFFSET + lies[s];
                long t3 = t2 + held;
                long t4 = t1 + out + held + back;
                long takenAt = now + out + held + back;
                filters.get(s).add(ClockSample.fromTimestamps(t1, t2, t3, t4, -23, LOCAL_PRECISION, takenAt));
            }
            now += POLL;
        }

        List<SourceEstimate> estimates = new ArrayList<>();
        for (int s = 0; s < ids.length; s++) {
            FilterOutput output = filters.get(s).output(now).orElseThrow();
            estimates.add(new SourceEstimate(ids[s], 2, 10 * MS, 2 * MS, output));
        }
        Selection.Selected result = (Selection.Selected) new SourceSelection().select(estimates, now);

        assertThat(result.falsetickers()).containsExactly("liar");
        assertThat(result.survivors()).containsExactlyInAnyOrder("ntp1", "ntp2", "ntp3");
        // The quickest path, with the least root distance, leads.
        assertThat(result.systemPeer().id()).isEqualTo("ntp1");
        assertThat(Math.abs(result.offsetNanos() - TRUE_OFFSET)).isLessThanOrEqualTo(MAX_QUEUEING / 2);
    }
}
