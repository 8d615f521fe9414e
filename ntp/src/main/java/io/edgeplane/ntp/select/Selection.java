package io.edgeplane.ntp.select;

import java.util.List;
import java.util.Objects;

/**
 * What {@link SourceSelection} made of a set of sources: a system peer and combined offset, or no majority.
 * Either way it says which sources were no candidates at all.
 */
public sealed interface Selection permits Selection.Selected, Selection.NoMajority {

    /** Sources that were not candidates (bad stratum, too distant), in the order given. */
    List<UnusableSource> unusable();

    /** Whether a majority of the candidates agreed on an interval, so that there is an offset to follow. */
    boolean majority();

    /**
     * A majority clique was found.
     *
     * @param truechimers  ids of the candidates whose correctness intervals meet the majority's, best first
     * @param falsetickers ids of the candidates whose intervals miss it, in the order given
     * @param survivors    ids of the truechimers that clustering kept, best first (stratum, then root distance)
     * @param systemPeer   the first survivor: the source to inherit stratum, root delay and dispersion from
     * @param offsetNanos  the survivors' offsets combined, each weighted by 1 / its root distance
     * @param jitterNanos  the system jitter: the survivors' weighted RMS about the system peer, combined with the
     *                     system peer's own jitter
     * @param unusable     sources that were no candidates
     */
    record Selected(List<String> truechimers, List<String> falsetickers, List<String> survivors,
            SourceEstimate systemPeer, long offsetNanos, long jitterNanos, List<UnusableSource> unusable)
            implements Selection {

        public Selected {
            truechimers = List.copyOf(truechimers);
            falsetickers = List.copyOf(falsetickers);
            survivors = List.copyOf(survivors);
            unusable = List.copyOf(unusable);
            Objects.requireNonNull(systemPeer, "systemPeer");
            if (survivors.isEmpty() || !survivors.getFirst().equals(systemPeer.id())) {
                throw new IllegalArgumentException("the system peer (" + systemPeer.id()
                        + ") must be the first survivor, survivors are " + survivors);
            }
            if (jitterNanos < 0) {
                throw new IllegalArgumentException("jitter must not be negative, got " + jitterNanos + " ns");
            }
        }

        @Override
        public boolean majority() {
            return true;
        }
    }

    /**
     * No interval is shared by more than half the candidates, so no offset can be trusted (RFC 5905 §11.2.1,
     * step 8); this is also the answer when there are no candidates at all.
     *
     * @param candidates ids of the sources that were candidates, in the order given
     * @param unusable   sources that were no candidates
     */
    record NoMajority(List<String> candidates, List<UnusableSource> unusable) implements Selection {

        public NoMajority {
            candidates = List.copyOf(candidates);
            unusable = List.copyOf(unusable);
        }

        @Override
        public boolean majority() {
            return false;
        }
    }
}
