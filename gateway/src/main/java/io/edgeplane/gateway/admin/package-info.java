/**
 * The admin listener (HAProxy's stats port): health and readiness probes, Prometheus metrics, the running
 * config, and reload, behind an optional CIDR allow list and HTTP basic auth.
 */
package io.edgeplane.gateway.admin;
