/**
 * RFC 5905's mitigation algorithms for an NTP client: on-wire samples, the per-source clock filter, and the
 * selection, clustering and combining of sources. Pure: no sockets, no threads, no clock (time is passed in).
 */
package io.edgeplane.ntp.select;
