/**
 * Upstream server names at run time: looked up through DNS on a thread of their own, never on an event
 * loop, and looked up again whenever their TTL runs out, so pools follow servers that move.
 */
package io.edgeplane.proxy.resolve;
