/**
 * Names this node answers for that other services create at runtime (DHCP leases), behind one interface
 * the DNS server implements.
 */
package io.edgeplane.core.names;
