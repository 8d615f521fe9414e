/** The {@code dhcp} section: dnsmasq's DHCPv4 server (ranges, reservations, options, the lease file). */
package io.edgeplane.config.dhcp;
