/**
 * Health that one service reads from another without depending on it: the proxy's listeners and pools, as VRRP
 * tracks them. {@code gateway} implements these interfaces and hands them to the services that read them.
 */
package io.edgeplane.core.health;
