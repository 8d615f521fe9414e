/** Which addresses are free, offered, leased or held back: the server's in-memory state, owned by one thread. */
package io.edgeplane.dhcp.pool;
