/**
 * The DHCPv4 message wire format (RFC 2131, options of RFC 2132, RFC 3396 long options, option overload): the message,
 * its options, a decoder that never throws on untrusted bytes and says why it dropped a packet, and an encoder.
 * Pure: no sockets, no clock, no state.
 */
package io.edgeplane.dhcp.codec;
