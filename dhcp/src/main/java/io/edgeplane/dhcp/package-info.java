/**
 * The DHCPv4 server, dnsmasq's DHCP: {@code codec} (messages and options on the wire), {@code pool} (which addresses
 * are free, offered, leased or held back), {@code exchange} (the RFC 2131 state machine, no I/O), {@code lease} (the
 * crash-safe lease journal) and {@code server} (the server thread, its sockets, probes and the service).
 */
package io.edgeplane.dhcp;
