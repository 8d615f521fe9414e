package io.edgeplane.proxy.upstream;

import io.edgeplane.config.proxy.UpstreamConfig.ProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * The PROXY protocol header an upstream connection starts with ({@code send_proxy}): the client's address and
 * the address of the listener it connected to, as HAProxy's {@code send-proxy} and {@code send-proxy-v2}.
 */
final class ProxyProtocolHeader {

    private ProxyProtocolHeader() {
    }

    /** The header for a connection opened for {@code client}, who reached the listener at {@code local}. */
    static HAProxyMessage of(ProxyProtocolVersion version, InetSocketAddress client, InetSocketAddress local) {
        InetAddress source = client.getAddress();
        InetAddress destination = local.getAddress();
        // Both ends of one header are of one family; an IPv4 end beside an IPv6 one is sent IPv4-mapped.
        boolean ipv4 = source instanceof Inet4Address && destination instanceof Inet4Address;
        return new HAProxyMessage(
                version == ProxyProtocolVersion.V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2,
                HAProxyCommand.PROXY,
                ipv4 ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6,
                text(source, ipv4), text(destination, ipv4), client.getPort(), local.getPort());
    }

    private static String text(InetAddress address, boolean ipv4) {
        if (ipv4) {
            return address.getHostAddress();
        }
        // No "%scope" suffix: the header has no room for one.
        return address instanceof Inet4Address ? "::ffff:" + address.getHostAddress() : NetUtil.toAddressString(address);
    }
}
