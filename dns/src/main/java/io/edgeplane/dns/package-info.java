/**
 * DNS server: authoritative local records, forwarding and caching (dnsmasq's DNS), and DHCP.
 * Wire codecs live apart from resolution logic.
 */
package io.edgeplane.dns;
