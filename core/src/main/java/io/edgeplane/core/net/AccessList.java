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
        InetAddress address = unmapped(client);
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
    private static InetAddress unmapped(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length != 16) {
            return address;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return address;
            }
        }
        if (bytes[10] != (byte) 0xff || bytes[11] != (byte) 0xff) {
            return address;
        }
        try {
            return InetAddress.getByAddress(new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]});
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address is always valid", e);
        }
    }
}
