/**
 * The {@code vrrp:} section: keepalived's job as records (VRRP instances with their virtual IPs, trackers,
 * notify programs and gratuitous ARP, check scripts, sync groups), validated here with keepalived's ranges.
 */
package io.edgeplane.config.vrrp;
