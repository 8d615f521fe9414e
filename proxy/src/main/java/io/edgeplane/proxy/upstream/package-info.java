/**
 * Upstream pools at run time: resolved server addresses, the balancer, and keep-alive connections kept
 * per event loop so a proxied request and its upstream connection share a thread.
 */
package io.edgeplane.proxy.upstream;
