/**
 * The DNS server's transport and answering: UDP and TCP sockets, query decoding (Netty's DNS codec), EDNS,
 * truncation, the access list, and the response writer. Names are looked up in {@code dns.zone}.
 */
package io.edgeplane.dns.server;
