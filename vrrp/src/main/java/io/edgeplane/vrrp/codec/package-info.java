/**
 * The VRRP advertisement wire format (RFC 3768 for version 2, RFC 5798 for version 3) as keepalived 2.2 sends it:
 * the message, its checksums, a decoder that never throws on untrusted bytes and says why it dropped a packet.
 * Pure: no sockets, no clock, no state.
 */
package io.edgeplane.vrrp.codec;
