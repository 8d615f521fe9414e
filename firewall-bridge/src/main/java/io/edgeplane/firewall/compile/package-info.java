/**
 * From the config to the ruleset: the {@code firewall} section's zones and rules, what {@code auto_allow} derives from
 * the other sections, and the built-in rules every ufw user relies on, compiled into one {@link
 * io.edgeplane.firewall.ruleset.Ruleset}. Pure: no I/O.
 */
package io.edgeplane.firewall.compile;
