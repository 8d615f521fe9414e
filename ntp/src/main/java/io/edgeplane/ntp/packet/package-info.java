/**
 * The NTP wire format (RFC 5905, RFC 7822): timestamps, the 48-byte header, its decoder and encoder.
 * Pure: no sockets, no clock, no state.
 */
package io.edgeplane.ntp.packet;
