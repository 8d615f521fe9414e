/**
 * Load balancing: the servers of a pool with their live counters, and the policies that pick one for a
 * request (round robin, least connections, power of two choices, random, ring hash, Maglev).
 */
package io.edgeplane.proxy.balance;
