/**
 * The node's firewall from the config (ufw and iptables scripts' job), applied through nft.
 */
package io.edgeplane.firewall;
