/**
 * The local zone: what the DNS server answers from its own data (address rules, hosts, hosts files, records,
 * names registered at runtime), built once per config off the request path and looked up without locks.
 */
package io.edgeplane.dns.zone;
