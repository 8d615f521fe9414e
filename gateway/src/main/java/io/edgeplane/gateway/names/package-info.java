/** Names one service gives another to answer: DHCP leases become DNS names through the running DNS server. */
package io.edgeplane.gateway.names;
