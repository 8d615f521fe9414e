/**
 * The running DHCP server: one thread that receives requests in batches, answers them through the responder,
 * commits the lease journal once per batch and only then sends the acknowledgements (group commit).
 */
package io.edgeplane.dhcp.server;
