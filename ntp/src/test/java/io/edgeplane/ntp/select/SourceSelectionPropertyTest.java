package io.edgeplane.ntp.select;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Seeded random worlds: honest sources around a true offset with bounded noise, fewer than half of them liars
 * far off (sometimes all lying alike). Whatever the mix, the liars are found out and the combined offset stays
 * within the noise bound of the truth, since it is a weighted mean of honest offsets only.
 */
class SourceSelectionPropertyTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    private static final long SEED = 5905;
    private static final int TRIALS = 3_000;
    /** Honest offsets lie strictly within ± this of the truth. */
    private static final long NOISE = 5 * MS;

    @Test
    void fewerThanHalfFalsetickersNeverMoveTheCombinedOffsetOutOfTheNoise() {
        SourceSelection selection = new SourceSelection();
        for (int trial = 0; trial < TRIALS; trial++) {
            Random random = new Random(SEED + trial);
            int n = 1 + random.nextInt(12);
            int liars = random.nextInt((n - 1) / 2 + 1);
            long truth = random.nextLong(-10 * S, 10 * S);
            List<SourceEstimate> sources = new ArrayList<>();
            Set<String> liarIds = new HashSet<>();

            for (int i = 0; i < n - liars; i++) {
                // λ ≥ 2 × NOISE: each honest interval holds every honest midpoint, which the intersection needs
                // (a midpoint outside it counts against the falsetickers allowed).
                long offset = truth + random.nextLong(-NOISE + 1, NOISE);
                long distance = 2 * NOISE + random.nextLong(0, 20 * MS);
                long jitter = random.nextLong(1_000, NOISE);
                sources.add(SourceSelectionTest.source("honest" + i, 1 + random.nextInt(4), offset, distance, jitter));
            }
            // Half the time the liars collude: one story, told with a little noise each.
            boolean collude = random.nextBoolean();
            long story = lie(random, truth);
            for (int i = 0; i < liars; i++) {
                long offset = collude ? story + random.nextLong(-NOISE, NOISE) : lie(random, truth);
                long distance = 2 * NOISE + random.nextLong(0, 100 * MS);
                sources.add(SourceSelectionTest.source("liar" + i, 1 + random.nextInt(4), offset, distance, MS));
                liarIds.add("liar" + i);
            }
            Collections.shuffle(sources, random);

            Selection result = selection.select(sources, SourceSelectionTest.NOW);

            String world = "trial " + trial + ": " + n + " sources, " + liars + " liars, truth " + truth + " ns";
            assertThat(result).as(world).isInstanceOf(Selection.Selected.class);
            Selection.Selected selected = (Selection.Selected) result;
            assertThat(selected.falsetickers()).as(world).containsExactlyInAnyOrderElementsOf(liarIds);
            assertThat(selected.survivors()).as(world).noneMatch(liarIds::contains)
                    .hasSizeGreaterThanOrEqualTo(Math.min(Rfc5905.NMIN, n - liars));
            assertThat(Math.abs(selected.offsetNanos() - truth)).as(world).isLessThan(NOISE);
        }
    }

    /** An offset at least a second, and up to 101 s, either side of the truth. */
    private static long lie(Random random, long truth) {
        long distance = S + random.nextLong(0, 100 * S);
        return random.nextBoolean() ? truth + distance : truth - distance;
    }
}
