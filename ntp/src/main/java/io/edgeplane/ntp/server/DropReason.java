package io.edgeplane.ntp.server;

/** Why a datagram got no reply; callers count each. */
public enum DropReason implements Outcome {
    /** Shorter than the 48-byte header, or extension fields or a MAC framed wrongly. */
    MALFORMED,
    /** Version 0, or above 4: no NTP this server knows. */
    BAD_VERSION,
    /**
     * Mode 6 (control, ntpq) or 7 (private, ntpdc): never answered. Mode 7's monlist made ntpd an amplifier with
     * a factor of several hundred (CVE-2013-5211); a time server needs neither.
     */
    CONTROL,
    /**
     * A mode other than client (3): a server's or broadcast's packet is no request, and a symmetric active peer
     * (mode 1) is answered only by servers that run symmetric associations, which this one does not.
     */
    NOT_A_REQUEST,
    /** The access list refuses the client (and the server is set to drop, not to kiss, refused clients). */
    DENIED,
    /** The client's rate limit is spent, and neither a leak nor a kiss-o'-death came up. */
    RATE_LIMITED
}
