/**
 * The VRRP instance state machine (RFC 5798 §6.4, RFC 3768 §6.4) with keepalived 2.2's behaviour where the RFCs
 * leave room, keepalived's FAULT state and sync groups, and the gratuitous ARP schedule of a master. Pure: time
 * comes from an injected monotonic clock, and everything the world must do is asked of {@link
 * io.edgeplane.vrrp.state.VrrpActions}, which the service implements.
 */
package io.edgeplane.vrrp.state;
