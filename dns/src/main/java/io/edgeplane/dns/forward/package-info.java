/**
 * Forwarding queries the local zone cannot answer to upstream servers: server choice (per-domain, strict order
 * or fastest), spoofing-resistant UDP exchanges with TCP after truncation, retries, merging and a cap on queries in flight.
 */
package io.edgeplane.dns.forward;
