package io.edgeplane.config.value;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/** Parses IP address literals without ever touching DNS. */
public final class IpAddresses {

    public static final String EXPECTED = "an IPv4 address such as 192.0.2.10 or an IPv6 address such as 2001:db8::1";

    private IpAddresses() {
    }

    /**
     * An IPv4 dotted quad or an IPv6 literal (brackets allowed); shorthand such as {@code 127.1} is refused,
     * and so are leading zeros ({@code 010.0.0.1}), which Java reads as decimal but inet_aton, and so
     * iptables, reads as octal.
     */
    public static InetAddress parse(String text) throws InvalidValueException {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        try {
            if (s.indexOf(':') >= 0) {
                return Inet6Address.ofLiteral(s);
            }
            if (isDottedQuad(s)) {
                return Inet4Address.ofLiteral(s);
            }
        } catch (IllegalArgumentException e) {
            // fall through to the one message below
        }
        throw new InvalidValueException("'" + text + "' is not an IP address");
    }

    public static boolean isLiteral(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidValueException e) {
            return false;
        }
    }

    /** The address as users write it: dotted quad, or RFC 5952 compressed IPv6. */
    public static String format(InetAddress address) {
        if (address instanceof Inet6Address) {
            return compressIpv6(address.getAddress());
        }
        return address.getHostAddress();
    }

    private static boolean isDottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || part.length() > 1 && part.charAt(0) == '0' || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    private static String compressIpv6(byte[] bytes) {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        // RFC 5952: the longest run of two or more zero groups becomes "::" (the first, on a tie).
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }
}
