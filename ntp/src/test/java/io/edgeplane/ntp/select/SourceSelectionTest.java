package io.edgeplane.ntp.select;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 5905 §11.2: intersection, clustering and combining, on sources whose root distance λ is set exactly (no
 * root delay or dispersion, no delay, dispersion λ − ψ, reckoned now), so every number below is by hand.
 */
class SourceSelectionTest {

    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;
    static final long NOW = 7_000 * S;

    private final SourceSelection selection = new SourceSelection();

    /** A source of offset θ, root distance λ and jitter ψ, all in nanoseconds. */
    static SourceEstimate source(String id, int stratum, long offset, long distance, long jitter) {
        return new SourceEstimate(id, stratum, 0, 0, new FilterOutput(offset, 0, distance - jitter, jitter, NOW, NOW));
    }

    private static Selection.Selected selected(Selection selection) {
        assertThat(selection).isInstanceOf(Selection.Selected.class);
        assertThat(selection.majority()).isTrue();
        return (Selection.Selected) selection;
    }

    @Test
    void threeTruechimersOutvoteAFalseticker() {
        // a [-10, 10], b [-18, 22], c [-16, 14] ms, and d at +500 ms [490, 510] — at a better stratum, which
        // does not help it. No point is in all four; allowing one falseticker, the scan up meets three lower
        // endpoints at -10 ms, the scan down passes d (one midpoint outside) and meets three upper endpoints at
        // +10 ms: the majority's interval is [-10, 10] ms, which d misses.
        Selection.Selected result = selected(selection.select(List.of(
                source("a", 2, 0, 10 * MS, MS),
                source("b", 2, 2 * MS, 20 * MS, MS),
                source("c", 2, -1 * MS, 15 * MS, MS),
                source("d", 1, 500 * MS, 10 * MS, MS)), NOW));

        assertThat(result.falsetickers()).containsExactly("d");
        // Best first: same stratum, so by root distance 10, 15, 20 ms. Three are NMIN: clustering keeps them all.
        assertThat(result.truechimers()).containsExactly("a", "c", "b");
        assertThat(result.survivors()).containsExactly("a", "c", "b");
        assertThat(result.systemPeer().id()).isEqualTo("a");
        // Weights 1/10 : 1/15 : 1/20 = 6 : 4 : 3 (of 60). θ = (6 × 0 + 4 × -1 + 3 × 2) / 13 = 2/13 ms = 153,846 ns.
        assertThat(result.offsetNanos()).isEqualTo(153_846);
        // Selection jitter² about a's 0: (6 × 0 + 4 × 1 + 3 × 4) / 13 = 16/13 ms²; plus a's own ψ² of 1 ms²:
        // √(29/13) ms = 1.4935760 ms, rounded up.
        assertThat(result.jitterNanos()).isEqualTo(1_493_576);
        assertThat(result.unusable()).isEmpty();
    }

    @Test
    void twoAgainstTwoIsNoMajority() {
        // [-10, 10] and [-9, 11] ms agree; so do [90, 110] and [91, 111] ms. Three never overlap, and allowing two
        // falsetickers of four is not fewer than half: no majority, no time.
        Selection result = selection.select(List.of(
                source("a", 2, 0, 10 * MS, MS),
                source("b", 2, 1 * MS, 10 * MS, MS),
                source("c", 2, 100 * MS, 10 * MS, MS),
                source("d", 2, 101 * MS, 10 * MS, MS)), NOW);

        assertThat(result).isEqualTo(new Selection.NoMajority(List.of("a", "b", "c", "d"), List.of()));
        assertThat(result.majority()).isFalse();
    }

    @Test
    void aSingleSourceIsItsOwnMajority() {
        // [-15, 25] ms: the one interval is the intersection; the selection jitter is 0, so the system jitter is
        // the source's own 2 ms.
        Selection.Selected result = selected(selection.select(List.of(source("only", 3, 5 * MS, 20 * MS, 2 * MS)), NOW));

        assertThat(result.truechimers()).containsExactly("only");
        assertThat(result.falsetickers()).isEmpty();
        assertThat(result.survivors()).containsExactly("only");
        assertThat(result.offsetNanos()).isEqualTo(5 * MS);
        assertThat(result.jitterNanos()).isEqualTo(2 * MS);
    }

    @Test
    void twoSourcesThatIntersectBothSurviveAndCombineByInverseDistance() {
        // [-10, 10] and [-26, 34] ms meet on [-10, 10]. Weights 1/10 : 1/30 = 3 : 1.
        Selection.Selected result = selected(selection.select(List.of(
                source("near", 2, 0, 10 * MS, MS),
                source("far", 2, 4 * MS, 30 * MS, MS)), NOW));

        assertThat(result.survivors()).containsExactly("near", "far");
        // θ = (3 × 0 + 1 × 4) / 4 = 1 ms exactly.
        assertThat(result.offsetNanos()).isEqualTo(1 * MS);
        // Selection jitter² = (3 × 0 + 1 × 16) / 4 = 4 ms²; with near's 1 ms²: √5 ms = 2.2360680 ms, rounded up.
        assertThat(result.jitterNanos()).isEqualTo(2_236_068);
    }

    @Test
    void twoSourcesThatMissEachOtherAreNoMajority() {
        Selection result = selection.select(List.of(
                source("a", 2, 0, 10 * MS, MS),
                source("b", 2, 50 * MS, 10 * MS, MS)), NOW);

        assertThat(result).isInstanceOf(Selection.NoMajority.class);
    }

    @Test
    void clusteringPrunesTheWidestOutliersDownToThree() {
        // All five reach [-30, 40] ms, so all are truechimers; by distance A 40, B 45, C 50, D 55, E 60 ms.
        // Offsets 0, 1, -1, 3, 30 ms. Round 1, selection jitter over the other four: E's is
        // √((30² + 29² + 31² + 27²) / 4) = 29.3 ms, the largest, and above every ψ (0.5 ms): E goes.
        // Round 2, over the other three: A √((1 + 1 + 9) / 3) = 1.91, B √((1 + 4 + 4) / 3) = 1.73,
        // C √((1 + 4 + 16) / 3) = 2.65, D √((9 + 4 + 16) / 3) = 3.11 ms: D goes. Three left: NMIN, stop.
        Selection.Selected result = selected(selection.select(List.of(
                source("E", 2, 30 * MS, 60 * MS, MS / 2),
                source("D", 2, 3 * MS, 55 * MS, MS / 2),
                source("C", 2, -1 * MS, 50 * MS, MS / 2),
                source("B", 2, 1 * MS, 45 * MS, MS / 2),
                source("A", 2, 0, 40 * MS, MS / 2)), NOW));

        assertThat(result.truechimers()).containsExactly("A", "B", "C", "D", "E");
        assertThat(result.falsetickers()).isEmpty();
        assertThat(result.survivors()).containsExactly("A", "B", "C");
        assertThat(result.systemPeer().id()).isEqualTo("A");
        // Weights 1/40 : 1/45 : 1/50 = 45 : 40 : 36 (of 1800). θ = (0 + 40 × 1 + 36 × -1) / 121 = 4/121 ms
        // = 33,057.85 ns, rounded.
        assertThat(result.offsetNanos()).isEqualTo(33_058);
    }

    @Test
    void clusteringStopsWhenTheSurvivorsDisagreeLessThanAnyOneIsNoisy() {
        // Offsets 0, 1, 2, 3 ms each with ψ = 5 ms: the worst selection jitter, √((1 + 4 + 9) / 3) = 2.16 ms, is
        // below the least peer jitter, so pruning cannot make the result less noisy: all four survive.
        Selection.Selected result = selected(selection.select(List.of(
                source("a", 2, 0, 10 * MS, 5 * MS),
                source("b", 2, 1 * MS, 10 * MS, 5 * MS),
                source("c", 2, 2 * MS, 10 * MS, 5 * MS),
                source("d", 2, 3 * MS, 10 * MS, 5 * MS)), NOW));

        assertThat(result.survivors()).containsExactly("a", "b", "c", "d");
        // Equal weights: θ = 1.5 ms.
        assertThat(result.offsetNanos()).isEqualTo(1_500_000);
    }

    @Test
    void theSystemPeerIsTheLowestStratumThenTheNearest() {
        // Merit = stratum × 1.5 s + λ: "near" 3 × 1.5 s + 5 ms loses to "primary" 2 × 1.5 s + 20 ms.
        Selection.Selected result = selected(selection.select(List.of(
                source("near", 3, 0, 5 * MS, MS),
                source("primary", 2, 1 * MS, 20 * MS, MS)), NOW));

        assertThat(result.systemPeer().id()).isEqualTo("primary");
        assertThat(result.survivors()).containsExactly("primary", "near");
    }

    @Test
    void unsynchronisedAndDistantSourcesAreNoCandidatesAndSaySo() {
        Selection.Selected result = selected(selection.select(List.of(
                source("kiss", 0, 0, 10 * MS, MS),
                source("good", 2, 0, 10 * MS, MS),
                source("unsync", 16, 0, 10 * MS, MS),
                source("far", 2, 0, 1_600 * MS, MS),
                source("edge", 2, 0, Rfc5905.MAXDIST_NANOS, MS)), NOW));

        assertThat(result.unusable()).containsExactly(
                new UnusableSource.BadStratum("kiss", 0),
                new UnusableSource.BadStratum("unsync", 16),
                new UnusableSource.TooDistant("far", 1_600 * MS, Rfc5905.MAXDIST_NANOS));
        // Exactly MAXDIST is still a candidate: only above it is too far.
        assertThat(result.truechimers()).containsExactly("good", "edge");
    }

    @Test
    void distanceGrowsWithTimeUntilASourceIsTooDistant() {
        // 1.4 s now; 15 ppm adds 0.1 s in 6,666.67 s: by NOW + 6,667 s the source is past 1.5 s.
        List<SourceEstimate> sources = List.of(source("aging", 2, 0, 1_400 * MS, MS));
        assertThat(selection.select(sources, NOW).majority()).isTrue();

        Selection later = selection.select(sources, NOW + 6_667 * S);
        assertThat(later).isEqualTo(new Selection.NoMajority(List.of(),
                List.of(new UnusableSource.TooDistant("aging", 1_500_005_000L, Rfc5905.MAXDIST_NANOS))));
    }

    @Test
    void noSourcesIsNoMajority() {
        assertThat(selection.select(List.of(), NOW)).isEqualTo(new Selection.NoMajority(List.of(), List.of()));
    }

    @Test
    void aConfiguredMinimumKeepsMoreSurvivors() {
        // Same five as the clustering test, but never fewer than five: nobody is pruned.
        Selection.Selected result = selected(new SourceSelection(Rfc5905.MAXDIST_NANOS, 5).select(List.of(
                source("A", 2, 0, 40 * MS, MS / 2),
                source("B", 2, 1 * MS, 45 * MS, MS / 2),
                source("C", 2, -1 * MS, 50 * MS, MS / 2),
                source("D", 2, 3 * MS, 55 * MS, MS / 2),
                source("E", 2, 30 * MS, 60 * MS, MS / 2)), NOW));
        assertThat(result.survivors()).hasSize(5);
    }

    @Test
    void duplicateIdsAndBadSettingsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> selection.select(List.of(
                source("x", 2, 0, 10 * MS, MS), source("x", 2, 0, 10 * MS, MS)), NOW))
                .withMessageContaining("got x twice");
        assertThatIllegalArgumentException().isThrownBy(() -> new SourceSelection(999, 3))
                .withMessageContaining("got 999 ns");
        assertThatIllegalArgumentException().isThrownBy(() -> new SourceSelection(S, 0))
                .withMessageContaining("got 0");
    }
}
