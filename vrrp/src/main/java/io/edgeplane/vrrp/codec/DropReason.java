package io.edgeplane.vrrp.codec;

/**
 * Why {@link VrrpAdvertisementDecoder} dropped a packet; each is a counter the service keeps (keepalived counts the
 * same things in its {@code stats}: {@code packet_len_err}, {@code ip_ttl_err}, {@code vers_err}, {@code chk_err},
 * {@code invalid_type_rcvd}, {@code invalid_authtype}).
 */
public enum DropReason {
    /** Shorter than the 8-byte fixed header. */
    TOO_SHORT,
    /** The TTL (IPv4) or hop limit (IPv6) is not 255: the packet crossed a router, or was forged off-link. */
    BAD_TTL,
    /** The version is neither 2 nor 3. */
    BAD_VERSION,
    /** Version 2 from an IPv6 source: RFC 3768 is IPv4 only (keepalived refuses it too in strict mode). */
    VERSION_NOT_FOR_FAMILY,
    /** The type is not 1 (ADVERTISEMENT). */
    BAD_TYPE,
    /** The length is not what the address count, the family and the version make it. */
    LENGTH_MISMATCH,
    /** The checksum is wrong. */
    BAD_CHECKSUM,
    /** VRID 0, which RFC 3768 and RFC 5798 do not allow. */
    BAD_VRID,
    /** A version 2 auth type other than 0 (none) or 1 (simple password); type 2 (IPsec AH) is refused with them. */
    UNKNOWN_AUTH_TYPE,
    /** An advertisement interval of 0, which would make a backup's master down timer all but expire at once. */
    BAD_ADVERT_INTERVAL
}
