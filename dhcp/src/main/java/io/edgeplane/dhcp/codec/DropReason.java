package io.edgeplane.dhcp.codec;

/**
 * Why {@link DhcpMessageDecoder} dropped a packet; each is a counter the server keeps. The checks are the ones whose
 * absence made dnsmasq's 2017 DHCP parser CVEs possible: every length is checked against the bytes there are.
 */
public enum DropReason {
    /** Shorter than the 236-byte fixed header and the 4-byte magic cookie. */
    TOO_SHORT,
    /** The 4 bytes after the fixed header are not the magic cookie 99.130.83.99. */
    BAD_MAGIC_COOKIE,
    /** The op is neither 1 (BOOTREQUEST) nor 2 (BOOTREPLY). */
    BAD_OP,
    /** The hardware address length is more than the 16 bytes of {@code chaddr}. */
    BAD_HARDWARE_LENGTH,
    /** An option's length byte, or its code without a length byte, runs past the end of its field. */
    OPTION_OVERRUN,
    /** Option 52 (overload) is not one byte of 1, 2 or 3, or appears inside {@code sname} or {@code file}. */
    BAD_OVERLOAD,
    /** No option 53: a BOOTP message (RFC 951), which the server does not answer (dnsmasq's default, no bootp ranges). */
    BOOTP,
    /** Option 53 appears more than once; RFC 3396 concatenation would make a nonsense type, and clients never do it. */
    DUPLICATE_MESSAGE_TYPE,
    /** Option 53 is not one byte, or is a type outside DISCOVER (1) to INFORM (8). */
    BAD_MESSAGE_TYPE
}
