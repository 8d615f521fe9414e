package io.edgeplane.ntp.select;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 5905 §11.2.2's cluster algorithm: prune the truechimer whose offset sits furthest from the others' (the
 * greatest selection jitter), one at a time, until pruning cannot help or only the minimum are left.
 *
 * <p>Pruning stops when the greatest selection jitter is below the least peer jitter, since then the survivors
 * disagree less than any one of them is noisy and dropping another would not make the result less noisy; and it
 * never goes below the minimum (NMIN, 3), so that a later falseticker still meets a majority of honest sources.
 */
final class ClusterAlgorithm {

    private ClusterAlgorithm() {
    }

    /**
     * The survivors, in the order given.
     *
     * @param truechimers best first; on a tie in selection jitter the later, worse one is pruned
     * @param minSurvivors never prune below this many
     */
    static List<Candidate> survivors(List<Candidate> truechimers, int minSurvivors) {
        List<Candidate> survivors = new ArrayList<>(truechimers);
        while (survivors.size() > minSurvivors) {
            int worst = -1;
            double worstJitter = -1;
            double leastPeerJitter = Double.POSITIVE_INFINITY;
            for (int i = 0; i < survivors.size(); i++) {
                double jitter = selectionJitter(survivors, i);
                if (jitter >= worstJitter) {
                    worstJitter = jitter;
                    worst = i;
                }
                leastPeerJitter = Math.min(leastPeerJitter, survivors.get(i).source().filter().jitterNanos());
            }
            if (worstJitter < leastPeerJitter) {
                break;
            }
            survivors.remove(worst);
        }
        return survivors;
    }

    /** ψ_S of survivor i: the RMS of the others' offsets about its own, over n − 1. */
    private static double selectionJitter(List<Candidate> survivors, int i) {
        double own = survivors.get(i).offsetNanos();
        double sumOfSquares = 0;
        for (Candidate other : survivors) {
            double difference = other.offsetNanos() - own;
            sumOfSquares += difference * difference;
        }
        return Math.sqrt(sumOfSquares / (survivors.size() - 1));
    }
}
