/**
 * The one Netty event-loop group every listener shares: native epoll on Linux, NIO elsewhere.
 */
package io.edgeplane.core.transport;
