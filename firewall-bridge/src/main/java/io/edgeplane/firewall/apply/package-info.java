/**
 * Putting a ruleset in force: replacing edgeplane's nftables table in one transaction, checking what the kernel then
 * holds, and putting the previous table back when that check or a later step of a reload fails.
 */
package io.edgeplane.firewall.apply;
