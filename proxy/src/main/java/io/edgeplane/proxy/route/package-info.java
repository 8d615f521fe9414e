/**
 * The route table of a listener, compiled when the config loads: host, then path in nginx
 * {@code location} order, then method and header conditions. A lookup allocates nothing and does not
 * scan every route.
 */
package io.edgeplane.proxy.route;
