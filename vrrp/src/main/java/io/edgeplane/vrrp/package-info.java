/**
 * VRRP (keepalived's job). {@code codec}: the advertisement wire format, versions 2 and 3, pure. {@code state}: the
 * per-instance state machine, sync groups and gratuitous ARP schedule on an injected clock, pure. {@code track}:
 * scripts, interfaces and the proxy's health as keepalived tracks them. {@code notify}: the notify programs.
 * {@code server}: the service, which binds the raw sockets and drives the state machines.
 */
package io.edgeplane.vrrp;
