/**
 * The {@code dns:} section: dnsmasq's DNS side as records (listen addresses, local names and records,
 * the domain, who may ask), validated here.
 */
package io.edgeplane.config.dns;
