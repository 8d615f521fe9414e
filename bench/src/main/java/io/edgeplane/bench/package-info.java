/**
 * JMH benchmarks of every hot path and the side-by-side load harness against nginx, HAProxy,
 * dnsmasq and chronyd.
 */
package io.edgeplane.bench;
