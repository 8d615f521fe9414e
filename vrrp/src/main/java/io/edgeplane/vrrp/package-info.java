/**
 * VRRP (keepalived's job): advertisement codec, the RFC 5798 state machine, raw-socket transport.
 */
package io.edgeplane.vrrp;
