package io.edgeplane.config.bind;

import io.edgeplane.config.firewall.FlowPeer;
import io.edgeplane.config.firewall.IpProtocol;
import io.edgeplane.config.firewall.PacketRate;
import io.edgeplane.config.firewall.PortRange;
import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.DataSize;
import io.edgeplane.config.value.Durations;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.config.value.InterfaceAddress;
import io.edgeplane.config.value.InvalidValueException;
import io.edgeplane.config.value.IpAddresses;
import io.edgeplane.config.value.MacAddress;
import io.edgeplane.config.value.NameServer;
import io.edgeplane.config.value.TimeServer;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The scalar types a config record may use; enums are added on demand, written in lower snake_case. */
public final class ScalarTypes {

    private final Map<Class<?>, ScalarType<?>> types = new ConcurrentHashMap<>();

    private ScalarTypes() {
    }

    /** String, numbers, booleans, durations, sizes, addresses, CIDRs, interface addresses, {@code host:port} and upstream servers. */
    public static ScalarTypes standard() {
        ScalarTypes t = new ScalarTypes();
        t.add(new ScalarType<>(String.class, text -> text, v -> v, "a string"));
        ScalarType<Integer> integer = new ScalarType<>(Integer.class, ScalarTypes::parseInt, v -> v, "a whole number");
        t.add(integer);
        t.types.put(int.class, integer);
        ScalarType<Long> longType = new ScalarType<>(Long.class, ScalarTypes::parseLong, v -> v, "a whole number");
        t.add(longType);
        t.types.put(long.class, longType);
        ScalarType<Boolean> bool = new ScalarType<>(Boolean.class, ScalarTypes::parseBoolean, v -> v, "true or false");
        t.add(bool);
        t.types.put(boolean.class, bool);
        t.add(new ScalarType<>(Duration.class, Durations::parse, Durations::format, Durations.EXPECTED));
        t.add(new ScalarType<>(DataSize.class, DataSize::parse, DataSize::toString, DataSize.EXPECTED));
        t.add(new ScalarType<>(HostPort.class, HostPort::parse, HostPort::toString, HostPort.EXPECTED));
        t.add(new ScalarType<>(Cidr.class, Cidr::parse, Cidr::toString, Cidr.EXPECTED));
        t.add(new ScalarType<>(InterfaceAddress.class, InterfaceAddress::parse, InterfaceAddress::toString,
                InterfaceAddress.EXPECTED));
        t.add(new ScalarType<>(NameServer.class, NameServer::parse, NameServer::toString, NameServer.EXPECTED));
        t.add(new ScalarType<>(TimeServer.class, TimeServer::parse, TimeServer::toString, TimeServer.EXPECTED));
        t.add(new ScalarType<>(MacAddress.class, MacAddress::parse, MacAddress::toString, MacAddress.EXPECTED));
        t.add(new ScalarType<>(InetAddress.class, IpAddresses::parse, IpAddresses::format, IpAddresses.EXPECTED));
        t.add(new ScalarType<>(PortRange.class, PortRange::parse, PortRange::toString, PortRange.EXPECTED));
        t.add(new ScalarType<>(PacketRate.class, PacketRate::parse, PacketRate::toString, PacketRate.EXPECTED));
        t.add(new ScalarType<>(IpProtocol.class, IpProtocol::parse, IpProtocol::toString, IpProtocol.EXPECTED));
        t.add(new ScalarType<>(FlowPeer.class, FlowPeer::parse, FlowPeer::toString, FlowPeer.EXPECTED));
        return t;
    }

    public <T> ScalarTypes add(ScalarType<T> type) {
        types.put(type.type(), type);
        return this;
    }

    /** The scalar type for {@code type}, if it is written as a scalar at all. */
    Optional<ScalarType<?>> find(Class<?> type) {
        ScalarType<?> known = types.get(type);
        if (known == null && type.isEnum()) {
            known = enumType(type.asSubclass(Enum.class));
            types.put(type, known);
        }
        return Optional.ofNullable(known);
    }

    private static <E extends Enum<E>> ScalarType<E> enumType(Class<E> type) {
        E[] constants = type.getEnumConstants();
        String expected = "one of " + Arrays.stream(constants).map(ScalarTypes::enumKey).collect(Collectors.joining(", "));
        return new ScalarType<>(type, text -> {
            for (E constant : constants) {
                if (enumKey(constant).equals(text.strip().toLowerCase(Locale.ROOT).replace('-', '_'))) {
                    return constant;
                }
            }
            throw new InvalidValueException("'" + text + "' is not a known choice");
        }, ScalarTypes::enumKey, expected);
    }

    static String enumKey(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT);
    }

    private static int parseInt(String text) throws InvalidValueException {
        long value = parseLong(text);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new InvalidValueException(text.strip() + " is out of range");
        }
        return (int) value;
    }

    private static long parseLong(String text) throws InvalidValueException {
        try {
            return Long.parseLong(text.strip().replace("_", ""));
        } catch (NumberFormatException e) {
            throw new InvalidValueException("'" + text + "' is not a whole number");
        }
    }

    private static boolean parseBoolean(String text) throws InvalidValueException {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new InvalidValueException("'" + text + "' is not true or false");
        };
    }
}
