/**
 * What the proxy tells operators about each request: the access log (queued, written by its own thread)
 * and the per-listener, per-route, per-pool and per-server metrics.
 */
package io.edgeplane.proxy.observe;
