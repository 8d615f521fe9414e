package io.edgeplane.config.firewall;

import io.edgeplane.config.value.InvalidValueException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An IP protocol (the IPv4 protocol field, the IPv6 next header) by name or number: {@code vrrp} is 112, as in
 * {@code /etc/protocols}. Names are the ones a firewall rule on an edge node needs.
 *
 * @param number 0..255
 */
public record IpProtocol(int number) {

    public static final String EXPECTED = "tcp, udp, sctp, icmp, icmpv6, vrrp, ah, esp, gre, igmp, ospf or a number 0..255";

    public static final IpProtocol TCP = new IpProtocol(6);
    public static final IpProtocol UDP = new IpProtocol(17);
    public static final IpProtocol SCTP = new IpProtocol(132);
    public static final IpProtocol ICMP = new IpProtocol(1);
    public static final IpProtocol ICMPV6 = new IpProtocol(58);
    public static final IpProtocol VRRP = new IpProtocol(112);
    public static final IpProtocol AH = new IpProtocol(51);

    /** By name, as {@code /etc/protocols} and nftables spell them. */
    private static final Map<String, Integer> NUMBERS = Map.ofEntries(
            Map.entry("icmp", 1), Map.entry("igmp", 2), Map.entry("tcp", 6), Map.entry("udp", 17),
            Map.entry("gre", 47), Map.entry("esp", 50), Map.entry("ah", 51), Map.entry("icmpv6", 58),
            Map.entry("ospf", 89), Map.entry("vrrp", 112), Map.entry("sctp", 132));

    public IpProtocol {
        if (number < 0 || number > 255) {
            throw new IllegalArgumentException("an IP protocol is 0..255, got " + number);
        }
    }

    public static IpProtocol parse(String text) throws InvalidValueException {
        String s = text.strip().toLowerCase(Locale.ROOT);
        if (s.equals("ipv6-icmp")) {
            return ICMPV6;
        }
        Integer known = NUMBERS.get(s);
        if (known != null) {
            return new IpProtocol(known);
        }
        if (!s.isEmpty() && s.length() <= 3 && s.chars().allMatch(c -> c >= '0' && c <= '9')
                && Integer.parseInt(s) <= 255) {
            return new IpProtocol(Integer.parseInt(s));
        }
        throw new InvalidValueException("'" + text + "' is not an IP protocol");
    }

    /** The name, if it has one of the known names. */
    public Optional<String> name() {
        return NUMBERS.entrySet().stream().filter(e -> e.getValue() == number).map(Map.Entry::getKey).findFirst();
    }

    /** Whether ports mean something for this protocol. */
    public boolean hasPorts() {
        return number == 6 || number == 17 || number == 132;
    }

    @Override
    public String toString() {
        return name().orElse(Integer.toString(number));
    }
}
