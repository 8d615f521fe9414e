/**
 * The firewall as a service of the gateway: applies the compiled ruleset on start and reload (all or nothing with the
 * other services), watches the kernel's copy for changes made behind its back, and reports state and counters.
 */
package io.edgeplane.firewall.service;
