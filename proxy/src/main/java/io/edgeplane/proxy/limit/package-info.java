/**
 * Rate limits and per-client connection limits, HAProxy's stick tables: sliding-window request counters in
 * bounded tables shared by every event loop, what they are keyed by, and what an over-limit request gets.
 */
package io.edgeplane.proxy.limit;
