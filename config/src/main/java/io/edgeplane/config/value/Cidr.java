package io.edgeplane.config.value;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An address block such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}. A bare address means just that
 * host (/32 or /128). Host bits are cleared, as iptables does, so {@code 10.1.2.3/8} is {@code 10.0.0.0/8}.
 */
public record Cidr(InetAddress network, int prefixLength) {

    public static final String EXPECTED = "a CIDR block such as 10.0.0.0/8 or 2001:db8::/32, or a single address";

    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length must be 0.." + bits + ", got " + prefixLength);
        }
        network = masked(network, prefixLength);
    }

    public static Cidr parse(String text) throws InvalidValueException {
        String s = text.strip();
        int slash = s.indexOf('/');
        InetAddress address = IpAddresses.parse(slash < 0 ? s : s.substring(0, slash));
        int bits = address.getAddress().length * 8;
        if (slash < 0) {
            return new Cidr(address, bits);
        }
        String digits = s.substring(slash + 1);
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')
                || Integer.parseInt(digits) > bits) {
            throw new InvalidValueException("'/" + digits + "' in '" + text + "' is not a prefix length of 0.." + bits);
        }
        return new Cidr(address, Integer.parseInt(digits));
    }

    /** Whether {@code address} lies in this block; an IPv4 address is never inside an IPv6 block. */
    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** Whether the address of these 4 or 16 bytes lies in this block; the array is only read. */
    public boolean contains(byte[] candidate) {
        byte[] net = network.getAddress();
        if (candidate.length != net.length) {
            return false;
        }
        int fullBytes = prefixLength / 8;
        for (int i = 0; i < fullBytes; i++) {
            if (candidate[i] != net[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (candidate[fullBytes] & mask) == (net[fullBytes] & mask);
    }

    private static InetAddress masked(InetAddress address, int prefixLength) {
        byte[] bytes = address.getAddress();
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }

    @Override
    public String toString() {
        return IpAddresses.format(network) + "/" + prefixLength;
    }
}
