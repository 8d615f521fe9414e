package io.edgeplane.dhcp.exchange;

/** Why a well-formed request got no answer; each is a counter. */
public enum IgnoreReason {
    /** A BOOTREPLY, or a type only servers send (OFFER, ACK, NAK). */
    NOT_A_REQUEST,
    /** The client chose another server's offer, or addressed another server. */
    OTHER_SERVER,
    /** Every address of the ranges is taken. */
    POOL_EXHAUSTED,
    /** {@code max_leases} leases are held. */
    LEASE_LIMIT,
    /** A request this server has no record of, and it is not authoritative. */
    NOT_AUTHORITATIVE,
    /** A RELEASE or DECLINE for an address the client does not hold. */
    UNKNOWN_LEASE,
    /** A RELEASE or DECLINE has no reply by design (RFC 2131 §4.3.3, §4.3.4). */
    NO_REPLY_EXPECTED,
    /** A DHCPREQUEST names no address: no option 50 and no {@code ciaddr}. */
    MALFORMED_REQUEST,
    /** An address was probed and found in use too many times in a row for one request. */
    PROBES_EXHAUSTED
}
