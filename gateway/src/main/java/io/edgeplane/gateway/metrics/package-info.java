/**
 * The process's one meter registry, exported in the Prometheus text format: JVM, process, Netty event
 * loops and allocator, config reloads, and whatever each service registers.
 */
package io.edgeplane.gateway.metrics;
