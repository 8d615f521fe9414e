package io.edgeplane.dns.server;

import io.edgeplane.config.value.Cidr;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The default allow list of the DNS server: loopback and the networks this node has addresses in, as
 * dnsmasq's {@code local-service}. A resolver that answers anyone on the internet is an amplifier for hire.
 */
final class OwnNetworks {

    private OwnNetworks() {
    }

    /** Loopback (v4 and v6) and the network of every address on an interface that is up, read now. */
    static List<Cidr> now() {
        List<Cidr> networks = new ArrayList<>(List.of(new Cidr(address(127, 0, 0, 0), 8),
                new Cidr(address(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1), 128)));
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp()) {
                    continue;
                }
                for (InterfaceAddress address : nic.getInterfaceAddresses()) {
                    InetAddress ip = address.getAddress();
                    int prefix = address.getNetworkPrefixLength();
                    if (ip == null || prefix < 0 || ip.isLoopbackAddress()) {
                        continue;
                    }
                    if (prefix > ip.getAddress().length * 8) {
                        continue;
                    }
                    Cidr network = new Cidr(ip, prefix);
                    if (!networks.contains(network)) {
                        networks.add(network);
                    }
                }
            }
        } catch (SocketException e) {
            // No interface list: loopback alone is still a safe answer.
        }
        return List.copyOf(networks);
    }

    private static InetAddress address(int... bytes) {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are an address", e);
        }
    }
}
