/**
 * The DHCP interop harness: a server and clients in network namespaces on a bridge, the server under test
 * (dnsmasq now, edgeplane's once it has one: {@link io.edgeplane.gateway.dhcp.DhcpServerUnderTest}) against real
 * clients (busybox udhcpc, dhcpcd), and the interop test (an integration test: it runs after {@code package}).
 */
package io.edgeplane.gateway.dhcp;
