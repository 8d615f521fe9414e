/**
 * What the server answers (RFC 2131 §4.3): the state machine of offers, requests, renewals, releases and declines,
 * over the pool and the leases. It does no I/O: it says what to send where, what must be on disk first, and what
 * to probe.
 */
package io.edgeplane.dhcp.exchange;
