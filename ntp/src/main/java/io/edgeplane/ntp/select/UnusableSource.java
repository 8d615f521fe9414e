package io.edgeplane.ntp.select;

import java.util.Objects;

/** A source that was no candidate for selection (RFC 5905 §11.2.1, ntpd's {@code fit()}), and why. */
public sealed interface UnusableSource permits UnusableSource.BadStratum, UnusableSource.TooDistant {

    /** The source's id. */
    String id();

    /** The source is unsynchronised: stratum 0 (unspecified, or a kiss-o'-death) or 16 and above. */
    record BadStratum(String id, int stratum) implements UnusableSource {
        public BadStratum {
            Objects.requireNonNull(id, "id");
        }
    }

    /** The source's root distance exceeds the selection's threshold (MAXDIST, 1.5 s, unless configured). */
    record TooDistant(String id, long rootDistanceNanos, long maxDistanceNanos) implements UnusableSource {
        public TooDistant {
            Objects.requireNonNull(id, "id");
        }
    }
}
