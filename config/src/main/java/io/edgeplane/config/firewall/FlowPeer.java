package io.edgeplane.config.firewall;

import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.InvalidValueException;
import java.util.Objects;

/**
 * One end of a flow in a firewall rule: a zone by name ({@code it}, {@code cluster}) or an address block written in
 * place ({@code 10.0.0.0/8}, {@code 192.168.1.7}).
 */
public sealed interface FlowPeer {

    String EXPECTED = "a zone name such as cluster, or a CIDR block such as 10.0.0.0/8";

    /** A zone of {@code firewall.zones}. */
    record Zone(String name) implements FlowPeer {
        public Zone {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** An address block. */
    record Block(Cidr cidr) implements FlowPeer {
        public Block {
            Objects.requireNonNull(cidr, "cidr");
        }

        @Override
        public String toString() {
            return cidr.toString();
        }
    }

    static FlowPeer parse(String text) throws InvalidValueException {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new InvalidValueException("an empty entry names no zone and no address block");
        }
        char first = s.charAt(0);
        boolean address = Character.isDigit(first) || s.indexOf(':') >= 0 || s.indexOf('/') >= 0;
        if (address) {
            return new Block(Cidr.parse(s));
        }
        if (!ZoneConfig.validName(s)) {
            throw new InvalidValueException("'" + text + "' is neither a zone name nor an address block (a zone name is "
                    + ZoneConfig.NAME_EXPECTED + ")");
        }
        return new Zone(s);
    }
}
