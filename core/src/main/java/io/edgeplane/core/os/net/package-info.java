/**
 * The Linux kernel networking VRRP and DHCP need, bound with the FFM API ({@code java.lang.foreign}): raw IP sockets
 * for protocol 112, rtnetlink (addresses, links, link events), AF_PACKET for gratuitous ARP, unsolicited neighbour
 * advertisements and frames to clients without an address, device-bound UDP sockets with {@code IP_PKTINFO} for
 * port 67, ICMP echo probes, and entering a network namespace on a thread of its own.
 */
package io.edgeplane.core.os.net;
