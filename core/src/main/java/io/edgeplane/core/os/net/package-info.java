/**
 * The Linux kernel networking VRRP needs, bound with the FFM API ({@code java.lang.foreign}): raw IP sockets for
 * protocol 112, rtnetlink (addresses, links, link events), AF_PACKET for gratuitous ARP and unsolicited neighbour
 * advertisements, and entering a network namespace on a thread of its own.
 */
package io.edgeplane.core.os.net;
