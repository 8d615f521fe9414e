package io.edgeplane.ntp.select;

/**
 * A source that passed the sanity checks, with its root distance at the time of selection: its correctness
 * interval is offset ± distance, and the truth, if the source is honest, lies inside it.
 */
record Candidate(SourceEstimate source, long distanceNanos) {

    long offsetNanos() {
        return source.filter().offsetNanos();
    }

    long lowNanos() {
        return Math.subtractExact(offsetNanos(), distanceNanos);
    }

    long highNanos() {
        return Math.addExact(offsetNanos(), distanceNanos);
    }

    /** The merit §11.2.2 sorts survivors by: stratum first, then root distance (which is below maxDistance). */
    long merit(long maxDistanceNanos) {
        return source.stratum() * maxDistanceNanos + distanceNanos;
    }
}
