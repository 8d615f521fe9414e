/**
 * DHCPv4 server (dnsmasq's DHCP). {@code codec}: the RFC 2131 message and RFC 2132 options wire format, pure.
 */
package io.edgeplane.dhcp;
