/**
 * What every service's stats page panel needs and its request path must not pay for: request rates sampled
 * once a second, and latency percentiles read off Micrometer histograms over a sliding minute.
 */
package io.edgeplane.core.stats;
