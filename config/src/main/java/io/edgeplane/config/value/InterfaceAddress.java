package io.edgeplane.config.value;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An address as it is put on an interface, with the prefix length of its network: {@code 138.197.55.84/24},
 * as {@code ip address add} takes it. Unlike a {@link Cidr}, the host bits are the point and are kept. A bare
 * address is a single host (/32 or /128), as keepalived and {@code ip address add} read it.
 */
public record InterfaceAddress(InetAddress address, int prefixLength) {

    public static final String EXPECTED = "an address with its prefix length, such as 192.0.2.10/24 or 2001:db8::10/64";

    public InterfaceAddress {
        Objects.requireNonNull(address, "address");
        int bits = address.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0.." + bits + ", got " + prefixLength);
        }
    }

    public static InterfaceAddress parse(String text) throws InvalidValueException {
        String s = text.strip();
        int slash = s.indexOf('/');
        InetAddress address = IpAddresses.parse(slash < 0 ? s : s.substring(0, slash));
        int bits = address.getAddress().length * 8;
        if (slash < 0) {
            return new InterfaceAddress(address, bits);
        }
        String digits = s.substring(slash + 1);
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(digits) > bits) {
            throw new InvalidValueException("'/" + digits + "' in '" + text + "' is not a prefix length of 0.." + bits);
        }
        return new InterfaceAddress(address, Integer.parseInt(digits));
    }

    /** The network the address is in: {@code 138.197.55.84/24} is in {@code 138.197.55.0/24}. */
    public Cidr network() {
        return new Cidr(address, prefixLength);
    }

    public boolean isIpv6() {
        return address instanceof Inet6Address;
    }

    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + prefixLength;
    }
}
