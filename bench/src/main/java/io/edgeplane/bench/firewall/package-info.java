/** The firewall's own cost: compiling a config into its nftables table, on every start and reload. */
package io.edgeplane.bench.firewall;
