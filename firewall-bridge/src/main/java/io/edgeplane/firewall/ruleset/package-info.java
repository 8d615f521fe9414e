/**
 * The nftables ruleset edgeplane owns, as data: one table of sets and chains whose rules each remember the part of
 * the config they came from. Rendered in the form {@code nft list} prints, so the kernel's listing and ours compare.
 */
package io.edgeplane.firewall.ruleset;
