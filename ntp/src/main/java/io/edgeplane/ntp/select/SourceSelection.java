package io.edgeplane.ntp.select;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * RFC 5905's system process (§11.2): of a set of sources, which to believe and what time they agree on.
 * <ol>
 * <li>Sanity: a source with an unsynchronised stratum, or a root distance above MAXDIST, is no candidate.
 * <li>Selection (§11.2.1, {@link IntersectionAlgorithm}): the interval shared by a majority of the candidates'
 *     correctness intervals; those that reach it are truechimers, the rest falsetickers. No majority, no time.
 * <li>Clustering (§11.2.2, {@link ClusterAlgorithm}): the truechimers, sorted by stratum × MAXDIST + root
 *     distance, lose their outliers down to NMIN; the first survivor is the system peer.
 * <li>Combining (§11.2.3): the survivors' offsets averaged with weights 1 / root distance, and the system
 *     jitter.
 * </ol>
 * Stateless: the RFC keeps the old system peer when it ties the new one on stratum (its anti-clockhop rule),
 * which is the caller's to apply if it wants it. Thread-safe.
 */
public final class SourceSelection {

    private final long maxDistanceNanos;
    private final int minSurvivors;

    /** With RFC 5905's MAXDIST (ntpd's 1.5 s) and NMIN (3). */
    public SourceSelection() {
        this(Rfc5905.MAXDIST_NANOS, Rfc5905.NMIN);
    }

    /**
     * @param maxDistanceNanos the greatest root distance a candidate may have; at least MINDIST
     * @param minSurvivors     clustering never prunes below this many; at least 1
     */
    public SourceSelection(long maxDistanceNanos, int minSurvivors) {
        if (maxDistanceNanos < Rfc5905.MINDIST_NANOS) {
            throw new IllegalArgumentException("max distance must be at least MINDIST (" + Rfc5905.MINDIST_NANOS
                    + " ns), got " + maxDistanceNanos + " ns");
        }
        if (minSurvivors < 1) {
            throw new IllegalArgumentException("min survivors must be at least 1, got " + minSurvivors);
        }
        this.maxDistanceNanos = maxDistanceNanos;
        this.minSurvivors = minSurvivors;
    }

    /**
     * Selects among {@code sources} at {@code nowNanos}.
     *
     * @param sources  each id once; their filter outputs no later than {@code nowNanos}
     * @param nowNanos the caller's monotonic time
     */
    public Selection select(List<SourceEstimate> sources, long nowNanos) {
        Objects.requireNonNull(sources, "sources");
        List<Candidate> candidates = new ArrayList<>(sources.size());
        List<UnusableSource> unusable = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (SourceEstimate source : sources) {
            Objects.requireNonNull(source, "source");
            if (!ids.add(source.id())) {
                throw new IllegalArgumentException("source ids must be unique, got " + source.id() + " twice");
            }
            if (!source.hasUsableStratum()) {
                unusable.add(new UnusableSource.BadStratum(source.id(), source.stratum()));
                continue;
            }
            long distance = source.rootDistance(nowNanos);
            if (distance > maxDistanceNanos) {
                unusable.add(new UnusableSource.TooDistant(source.id(), distance, maxDistanceNanos));
                continue;
            }
            candidates.add(new Candidate(source, distance));
        }

        Optional<IntersectionAlgorithm.Interval> majority = IntersectionAlgorithm.find(candidates);
        if (majority.isEmpty()) {
            return new Selection.NoMajority(ids(candidates), unusable);
        }
        List<Candidate> truechimers = new ArrayList<>();
        List<String> falsetickers = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (majority.get().meets(candidate)) {
                truechimers.add(candidate);
            } else {
                falsetickers.add(candidate.source().id());
            }
        }
        truechimers.sort(Comparator.comparingLong((Candidate c) -> c.merit(maxDistanceNanos))
                .thenComparing(c -> c.source().id()));

        List<Candidate> survivors = ClusterAlgorithm.survivors(truechimers, minSurvivors);
        Candidate systemPeer = survivors.getFirst();
        return new Selection.Selected(ids(truechimers), falsetickers, ids(survivors), systemPeer.source(),
                combinedOffset(survivors, systemPeer), systemJitter(survivors, systemPeer), unusable);
    }

    /**
     * Σ θ_i / λ_i over Σ 1 / λ_i. Taken as the system peer's offset plus the weighted mean of the others'
     * differences from it, so that the doubles carry the small differences, not offsets of years.
     */
    private static long combinedOffset(List<Candidate> survivors, Candidate systemPeer) {
        double weights = 0;
        double weightedDifferences = 0;
        for (Candidate survivor : survivors) {
            double weight = 1.0 / survivor.distanceNanos();
            weights += weight;
            weightedDifferences += weight * (survivor.offsetNanos() - systemPeer.offsetNanos());
        }
        return systemPeer.offsetNanos() + Math.round(weightedDifferences / weights);
    }

    /**
     * §11.2.3's system jitter: the survivors' RMS about the system peer's offset, weighted as the offsets are
     * (the selection jitter), combined in quadrature with the system peer's own jitter. Rounded up.
     */
    private static long systemJitter(List<Candidate> survivors, Candidate systemPeer) {
        double weights = 0;
        double weightedSquares = 0;
        for (Candidate survivor : survivors) {
            double weight = 1.0 / survivor.distanceNanos();
            double difference = survivor.offsetNanos() - systemPeer.offsetNanos();
            weights += weight;
            weightedSquares += weight * difference * difference;
        }
        double peerJitter = systemPeer.source().filter().jitterNanos();
        return (long) Math.ceil(Math.sqrt(weightedSquares / weights + peerJitter * peerJitter));
    }

    private static List<String> ids(List<Candidate> candidates) {
        return candidates.stream().map(c -> c.source().id()).toList();
    }
}
