package io.edgeplane.firewall.ruleset;

import io.edgeplane.config.value.InvalidValueException;
import io.edgeplane.config.value.IpAddresses;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Set elements in the form and order nft lists them, so that our listing and the kernel's compare line for line and
 * element for element. nft stores an interval set as ranges of values, so it prints {@code 10.1.2.3/8} as
 * {@code 10.0.0.0/8}, {@code 192.0.2.1/32} as {@code 192.0.2.1}, {@code 10.0.0.0-10.0.0.255} as {@code 10.0.0.0/24},
 * and lists elements by value, not in the order they were written.
 */
public final class SetElements {

    private SetElements() {
    }

    /**
     * An element as nft prints it: an address block with its host bits cleared, a single address bare, a range that
     * is exactly one prefix as that prefix, an interface name in double quotes; anything else as written.
     *
     * @param type    the set's type ({@code ipv4_addr}, {@code ipv6_addr}, {@code ifname}, ...)
     * @param element one element in nft syntax
     */
    public static String canonical(String type, String element) {
        Objects.requireNonNull(type, "type");
        String text = Objects.requireNonNull(element, "element").strip();
        return switch (type) {
            case "ipv4_addr", "ipv6_addr" -> addressRange(text).map(AddressRange::toString).orElse(text);
            case "ifname", "string" -> text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")
                    ? text : "\"" + text + "\"";
            default -> text;
        };
    }

    /**
     * The elements in canonical form, each once, in the order nft lists them: by value, that is addresses and numbers
     * numerically (a block or range by its first value), names byte by byte. Elements of a type this class does not
     * know keep their order.
     */
    public static List<String> sorted(String type, List<String> elements) {
        Objects.requireNonNull(type, "type");
        Set<String> unique = new LinkedHashSet<>();
        elements.forEach(e -> unique.add(canonical(type, e)));
        Comparator<String> order = switch (type) {
            case "ipv4_addr", "ipv6_addr" -> ADDRESS_ORDER;
            case "ifname", "string" -> Comparator.comparing(SetElements::nameKey, Arrays::compareUnsigned);
            default -> numeric(unique) ? Comparator.comparing(SetElements::numberKey) : null;
        };
        return order == null ? List.copyOf(unique) : unique.stream().sorted(order).toList();
    }

    /**
     * How many elements nft (1.0.x, {@code calculate_delim} in its {@code expression.c}) prints on one line of a
     * named set's {@code elements = { ... }} before it wraps: five small numbers, two IPv4 addresses, one of anything
     * longer (IPv6 addresses, interface names).
     */
    public static int perLine(String type) {
        return switch (Objects.requireNonNull(type, "type")) {
            case "nf_proto", "integer", "arp_op", "inet_proto", "inet_service", "tcp_flag", "dccp_pkttype", "mark",
                 "iface_index", "classid", "uid", "gid", "ct_dir" -> 5;
            case "ipv4_addr", "ct_state", "ct_status", "pkttype" -> 2;
            default -> 1;
        };
    }

    /** Whether every element is a number or a range of numbers, such as ports. */
    static boolean numeric(Iterable<String> elements) {
        for (String element : elements) {
            if (!element.matches("\\d{1,18}(-\\d{1,18})?")) {
                return false;
            }
        }
        return true;
    }

    /** Whether every element is an IPv4 (or every one an IPv6) address, block or range. */
    static Optional<String> addressType(List<String> elements) {
        if (elements.isEmpty()) {
            return Optional.empty();
        }
        Integer width = null;
        for (String element : elements) {
            Optional<AddressRange> range = addressRange(element);
            if (range.isEmpty() || width != null && width != range.get().bytes) {
                return Optional.empty();
            }
            width = range.get().bytes;
        }
        return Optional.of(width == 4 ? "ipv4_addr" : "ipv6_addr");
    }

    private static long numberKey(String element) {
        int dash = element.indexOf('-');
        return Long.parseLong(dash < 0 ? element : element.substring(0, dash));
    }

    /** An interface wildcard {@code br-*} is the range from {@code br-} up, so it sorts at its prefix. */
    private static byte[] nameKey(String element) {
        String name = element.startsWith("\"") && element.endsWith("\"") && element.length() >= 2
                ? element.substring(1, element.length() - 1) : element;
        if (name.endsWith("*")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.getBytes(StandardCharsets.UTF_8);
    }

    /** Addresses by family, then by first address; what does not parse goes last, in text order. */
    private static final Comparator<String> ADDRESS_ORDER = Comparator
            .comparing((String e) -> addressRange(e).map(r -> r.bytes).orElse(Integer.MAX_VALUE))
            .thenComparing(e -> addressRange(e).map(r -> r.first).orElse(BigInteger.ZERO))
            .thenComparing(Comparator.naturalOrder());

    private static Optional<AddressRange> addressRange(String text) {
        try {
            int dash = text.indexOf('-');
            if (dash > 0) {
                InetAddress first = IpAddresses.parse(text.substring(0, dash));
                InetAddress last = IpAddresses.parse(text.substring(dash + 1));
                if (first.getAddress().length != last.getAddress().length) {
                    return Optional.empty();
                }
                BigInteger from = unsigned(first);
                BigInteger to = unsigned(last);
                return from.compareTo(to) <= 0 ? Optional.of(new AddressRange(first.getAddress().length, from, to))
                        : Optional.empty();
            }
            int slash = text.indexOf('/');
            InetAddress address = IpAddresses.parse(slash < 0 ? text : text.substring(0, slash));
            int bits = address.getAddress().length * 8;
            int length = bits;
            if (slash >= 0) {
                String digits = text.substring(slash + 1);
                if (!digits.matches("\\d{1,3}") || Integer.parseInt(digits) > bits) {
                    return Optional.empty();
                }
                length = Integer.parseInt(digits);
            }
            BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE);
            BigInteger first = unsigned(address).andNot(hostMask);
            return Optional.of(new AddressRange(bits / 8, first, first.or(hostMask)));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }

    private static BigInteger unsigned(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    /** The addresses from {@code first} to {@code last}, both included, of an address {@code bytes} long. */
    private record AddressRange(int bytes, BigInteger first, BigInteger last) {

        /** As nft prints it: one address, the one prefix that covers exactly the range, or first-last. */
        @Override
        public String toString() {
            if (first.equals(last)) {
                return format(first);
            }
            BigInteger size = last.subtract(first).add(BigInteger.ONE);
            int hostBits = size.getLowestSetBit();
            boolean aligned = first.signum() == 0 || first.getLowestSetBit() >= hostBits;
            boolean onePrefix = size.bitCount() == 1 && aligned;
            return onePrefix ? format(first) + "/" + (bytes * 8 - hostBits) : format(first) + "-" + format(last);
        }

        private String format(BigInteger value) {
            byte[] raw = value.toByteArray();
            byte[] address = new byte[bytes];
            int copy = Math.min(raw.length, bytes);
            System.arraycopy(raw, raw.length - copy, address, bytes - copy, copy);
            try {
                return IpAddresses.format(InetAddress.getByAddress(address));
            } catch (UnknownHostException e) {
                throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
            }
        }
    }
}
