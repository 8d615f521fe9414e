/**
 * The {@code firewall} section: zones, the flows allowed into, out of and through the node, and what edgeplane's
 * own services need opened. It replaces the seeds' iptables and ufw scripts; {@code firewall-bridge} applies it.
 */
package io.edgeplane.config.firewall;
