/**
 * VRRP (keepalived's job). {@code codec}: the advertisement wire format, versions 2 and 3, pure. {@code state}: the
 * per-instance state machine, sync groups and gratuitous ARP schedule on an injected clock, pure. The service that
 * binds raw sockets and drives them lives apart, and maps the config module's records to the settings here.
 */
package io.edgeplane.vrrp;
