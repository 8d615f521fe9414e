package io.edgeplane.ntp.select;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * RFC 5905 §11.2.1's intersection algorithm, Marzullo's algorithm as NTP modified it: the smallest interval
 * that the correctness intervals of a majority of the candidates all reach, allowing as few falsetickers as
 * possible. It follows the section's steps 1 to 8 (the appendix's code counts against the midpoints found where
 * the text counts against the falsetickers allowed; the text is right).
 */
final class IntersectionAlgorithm {

    /** The interval a majority clique shares. */
    record Interval(long lowNanos, long highNanos) {

        /** Whether a candidate's correctness interval reaches this one: the truechimer test, as ntpd makes it. */
        boolean meets(Candidate candidate) {
            return candidate.lowNanos() <= highNanos && candidate.highNanos() >= lowNanos;
        }
    }

    private static final int LOWER = -1;
    private static final int MIDPOINT = 0;
    private static final int UPPER = 1;

    private record Endpoint(long edgeNanos, int type) {
    }

    private IntersectionAlgorithm() {
    }

    /** The majority's interval, or empty when no interval is shared by more than half the candidates. */
    static Optional<Interval> find(List<Candidate> candidates) {
        int m = candidates.size();
        List<Endpoint> endpoints = new ArrayList<>(3 * m);
        for (Candidate candidate : candidates) {
            endpoints.add(new Endpoint(candidate.lowNanos(), LOWER));
            endpoints.add(new Endpoint(candidate.offsetNanos(), MIDPOINT));
            endpoints.add(new Endpoint(candidate.highNanos(), UPPER));
        }
        // At one edge, lower endpoints sort before midpoints before upper endpoints: intervals that touch at a
        // point meet there, whichever way the list is scanned.
        endpoints.sort(Comparator.comparingLong(Endpoint::edgeNanos).thenComparingInt(Endpoint::type));

        for (int falsetickers = 0; 2 * falsetickers < m; falsetickers++) {
            int needed = m - falsetickers;
            int midpointsOutside = 0;
            Long low = null;
            int reached = 0;
            for (Endpoint endpoint : endpoints) {
                reached -= endpoint.type();
                if (reached >= needed) {
                    low = endpoint.edgeNanos();
                    break;
                }
                if (endpoint.type() == MIDPOINT) {
                    midpointsOutside++;
                }
            }
            Long high = null;
            reached = 0;
            for (Endpoint endpoint : endpoints.reversed()) {
                reached += endpoint.type();
                if (reached >= needed) {
                    high = endpoint.edgeNanos();
                    break;
                }
                if (endpoint.type() == MIDPOINT) {
                    midpointsOutside++;
                }
            }
            // A midpoint outside the interval belongs to a falseticker, or to a truechimer reaching in from
            // outside; more of those than falsetickers allowed means the allowance is too small.
            if (low != null && high != null && midpointsOutside <= falsetickers && low < high) {
                return Optional.of(new Interval(low, high));
            }
        }
        return Optional.empty();
    }
}
