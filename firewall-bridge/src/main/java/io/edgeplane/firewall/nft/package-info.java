/**
 * The nft side of the firewall: running the nft program, reading the kernel's copy of edgeplane's table (JSON and
 * text), mapping nft's errors back to config keys, and comparing the kernel's table with the config's.
 */
package io.edgeplane.firewall.nft;
