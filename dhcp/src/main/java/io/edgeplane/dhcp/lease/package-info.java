/**
 * The DHCP lease database: a {@link io.edgeplane.dhcp.lease.Lease} and a durable, append-only, checksummed
 * {@link io.edgeplane.dhcp.lease.LeaseJournal} that survives {@code kill -9}; an ACK is sent only for a lease it holds.
 */
package io.edgeplane.dhcp.lease;
