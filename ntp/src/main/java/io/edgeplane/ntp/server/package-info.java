/**
 * The NTP server's request to reply path (chrony's server side): what the server advertises, per-client rate
 * limiting, and the answer to one datagram. Pure: the caller owns the socket and the clocks.
 */
package io.edgeplane.ntp.server;
