/**
 * Names one service gives another to answer: DHCP lease names, kept and handed to each DNS server the node creates.
 */
package io.edgeplane.gateway.names;
