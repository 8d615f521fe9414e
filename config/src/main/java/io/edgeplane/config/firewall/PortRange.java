package io.edgeplane.config.firewall;

import io.edgeplane.config.value.InvalidValueException;
import java.util.Objects;
import java.util.Optional;

/**
 * A port or a range of ports, optionally with its transport, as ufw writes them: {@code 22/tcp}, {@code 53} (TCP and
 * UDP), {@code 8000-8100/udp}.
 *
 * @param first     the first port, 1..65535
 * @param last      the last port, {@code first..65535}; equal to {@code first} for one port
 * @param transport the transport, if the port names one; absent = TCP and UDP, as ufw's {@code allow 53}
 */
public record PortRange(int first, int last, Optional<Transport> transport) {

    public static final String EXPECTED = "a port such as 22/tcp, 53 (TCP and UDP) or 8000-8100/udp";

    /** The transports a port belongs to. */
    public enum Transport {
        TCP, UDP, SCTP;

        /** As nftables and ufw write it. */
        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public PortRange {
        Objects.requireNonNull(transport, "transport");
        if (first < 1 || last > 65_535 || last < first) {
            throw new IllegalArgumentException("ports must be 1 <= first <= last <= 65535, got " + first + "-" + last);
        }
    }

    public static PortRange parse(String text) throws InvalidValueException {
        String s = text.strip();
        Optional<Transport> transport = Optional.empty();
        int slash = s.indexOf('/');
        if (slash >= 0) {
            String name = s.substring(slash + 1);
            transport = Optional.of(switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "tcp" -> Transport.TCP;
                case "udp" -> Transport.UDP;
                case "sctp" -> Transport.SCTP;
                default -> throw new InvalidValueException("'" + name + "' in '" + text + "' is not tcp, udp or sctp");
            });
            s = s.substring(0, slash);
        }
        int dash = s.indexOf('-');
        int first = port(dash < 0 ? s : s.substring(0, dash), text);
        int last = dash < 0 ? first : port(s.substring(dash + 1), text);
        if (last < first) {
            throw new InvalidValueException("the range '" + text + "' ends before it starts");
        }
        return new PortRange(first, last, transport);
    }

    private static int port(String digits, String text) throws InvalidValueException {
        if (digits.isEmpty() || digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("'" + text + "' is not a port or a range of ports");
        }
        int port = Integer.parseInt(digits);
        if (port < 1 || port > 65_535) {
            throw new InvalidValueException("port " + port + " in '" + text + "' is not 1..65535");
        }
        return port;
    }

    /** Whether {@code port} lies in the range. */
    public boolean contains(int port) {
        return port >= first && port <= last;
    }

    /** The ports as nftables writes them: {@code 22} or {@code 8000-8100}. */
    public String ports() {
        return first == last ? Integer.toString(first) : first + "-" + last;
    }

    @Override
    public String toString() {
        return ports() + transport.map(t -> "/" + t.keyword()).orElse("");
    }
}
