/**
 * The VRRP interop harness: network namespaces on a bridge, VRRP daemons (edgeplane's distribution and keepalived)
 * started in them, a client measuring failovers, and the scenario and split-brain tests (integration tests: they
 * need the packaged distribution).
 */
package io.edgeplane.gateway.vrrp;
