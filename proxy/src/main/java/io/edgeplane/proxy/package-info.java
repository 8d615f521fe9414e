/**
 * HTTP reverse proxy: listeners, route table, filters, load balancers and upstream pools.
 * Replaces nginx, HAProxy and Caddy in the seeds; built by the proxy issues.
 */
package io.edgeplane.proxy;
