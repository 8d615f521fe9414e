/**
 * The firewall interop harness: a router namespace running the packaged edgeplane with its firewall on, the IT, OT,
 * outside and cluster hosts around it, real clients (curl, dig, busybox nc, ping) and keepalived as a VRRP peer, and
 * the tests that prove each rule with traffic (integration tests: they need the packaged distribution).
 */
package io.edgeplane.gateway.firewall;
