/**
 * What the proxy reports about itself at one moment, as plain records: listeners, routes, pools and servers
 * with their states and counters. The admin API, the stats page and its CSV form render these.
 */
package io.edgeplane.proxy.stats;
