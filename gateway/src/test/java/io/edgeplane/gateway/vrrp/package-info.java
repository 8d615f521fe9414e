/**
 * The VRRP interop harness: network namespaces on a bridge, VRRP daemons (keepalived, later edgeplane) started in
 * them, a client measuring failovers, and the scenario tests that run keepalived against keepalived today.
 */
package io.edgeplane.vrrp.interop;
