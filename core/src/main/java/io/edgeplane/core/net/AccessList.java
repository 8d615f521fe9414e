package io.edgeplane.core.net;

import io.edgeplane.config.value.Cidr;
import java.net.InetAddress;
import java.util.List;

/**
 * The {@code allow:} / {@code deny:} pair every listener takes: a denied network is always refused; when
 * {@code allow} is not empty, only its networks are let in. IPv4-mapped IPv6 clients are matched as IPv4.
 */
public record AccessList(List<Cidr> allow, List<Cidr> deny) {

    public static final AccessList OPEN = new AccessList(List.of(), List.of());

    public AccessList {
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
    }

    public boolean permits(InetAddress client) {
        if (deny.isEmpty() && allow.isEmpty()) {
            return true;
        }
        // One copy of the address for every rule: InetAddress.getAddress() clones, and the DNS server asks
        // this for every query.
        byte[] address = unmapped(client.getAddress());
        for (Cidr cidr : deny) {
            if (cidr.contains(address)) {
                return false;
            }
        }
        if (allow.isEmpty()) {
            return true;
        }
        for (Cidr cidr : allow) {
            if (cidr.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** {@code ::ffff:10.0.0.1} arrives on dual-stack sockets; rules are written as {@code 10.0.0.0/8}. */
    private static byte[] unmapped(byte[] bytes) {
        if (bytes.length != 16) {
            return bytes;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return bytes;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return bytes;
        }
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }
}
