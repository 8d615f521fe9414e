/**
 * UDP sockets of our own through the FFM API, for what Netty's datagram channels do not return: the kernel's
 * receive timestamp of each datagram ({@code SO_TIMESTAMPNS}), read with {@code recvmmsg} batches into native
 * memory and answered with {@code sendmmsg}, allocating nothing per datagram. Linux on x86-64 and arm64.
 */
package io.edgeplane.core.os.udp;
