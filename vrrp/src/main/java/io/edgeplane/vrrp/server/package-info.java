/**
 * The VRRP service: the instances of the config running on their interfaces, with the sockets, virtual addresses
 * and gratuitous ARPs of {@code core.os.net} behind the state machines of {@code vrrp.state}.
 */
package io.edgeplane.vrrp.server;
