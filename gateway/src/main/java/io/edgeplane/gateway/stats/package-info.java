/**
 * The admin listener's stats page: the HTML page an operator reads at a glance (HAProxy's stats page) and
 * its CSV form in HAProxy's {@code show stat} layout, both rendered from plain stats records.
 */
package io.edgeplane.gateway.stats;
