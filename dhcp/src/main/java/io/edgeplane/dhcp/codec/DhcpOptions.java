package io.edgeplane.dhcp.codec;

import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A message's options (RFC 2132): an ordered, immutable map from code to value, in the order they came or were put.
 * A value is whole: the decoder concatenates the instances of a long option (RFC 3396) and the encoder splits it again.
 * Pad (0), end (255) and overload (52) are framing, not options, and never appear here.
 *
 * <p>The typed readers return empty both when the option is absent and when its value has the wrong length: the
 * options come from an untrusted client and the server treats a malformed one as not sent.
 *
 * <p>Held as two parallel arrays, codes and values in order, rather than a {@code LinkedHashMap<Integer, byte[]>}:
 * a message has a dozen options, found sooner by scanning a dozen bytes than by boxing and hashing the code, and
 * every request builds several of these (the decoder's, the reply's), whose map entries, copies and boxed codes were
 * the largest part of the server's garbage per request. Values are never changed in place, so an instance, its
 * builders and the decoder share the arrays they made instead of copying them; what comes from outside is copied in
 * and what goes out is copied out.
 */
public final class DhcpOptions {

    public static final int SUBNET_MASK = 1;
    public static final int ROUTERS = 3;
    public static final int DOMAIN_NAME_SERVERS = 6;
    public static final int HOST_NAME = 12;
    public static final int DOMAIN_NAME = 15;
    public static final int BROADCAST_ADDRESS = 28;
    public static final int NTP_SERVERS = 42;
    public static final int REQUESTED_ADDRESS = 50;
    public static final int LEASE_TIME = 51;
    public static final int OVERLOAD = 52;
    public static final int MESSAGE_TYPE = 53;
    public static final int SERVER_IDENTIFIER = 54;
    public static final int PARAMETER_REQUEST_LIST = 55;
    public static final int MESSAGE = 56;
    public static final int MAX_MESSAGE_SIZE = 57;
    public static final int RENEWAL_TIME = 58;
    public static final int REBINDING_TIME = 59;
    public static final int VENDOR_CLASS_IDENTIFIER = 60;
    public static final int CLIENT_IDENTIFIER = 61;
    public static final int CLIENT_FQDN = 81;
    public static final int RELAY_AGENT_INFORMATION = 82;

    /** A lease time (option 51) of all ones: the lease never ends (RFC 2132 §9.2). */
    public static final long INFINITE_LEASE = 0xFFFF_FFFFL;

    public static final DhcpOptions EMPTY = new DhcpOptions(new byte[0], new byte[0][]);

    /** The codes in order, each an unsigned byte; {@code values[i]} is the value of {@code codes[i]}. */
    private final byte[] codes;
    private final byte[][] values;

    /** Takes the arrays as they are: the caller made them, filled them in and lets go of them. */
    DhcpOptions(byte[] codes, byte[][] values) {
        this.codes = codes;
        this.values = values;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options, to add to or take from. */
    public Builder toBuilder() {
        return new Builder(codes, values, codes.length);
    }

    /** The codes present, in order. */
    public Set<Integer> codes() {
        Set<Integer> present = new LinkedHashSet<>();
        for (byte code : codes) {
            present.add(code & 0xFF);
        }
        return Collections.unmodifiableSet(present);
    }

    public int size() {
        return codes.length;
    }

    public boolean contains(int code) {
        return indexOf(codes, codes.length, code) >= 0;
    }

    /** The whole value of option {@code code}, a copy. */
    public Optional<byte[]> get(int code) {
        byte[] value = value(code);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    /** Option 53; the decoder only accepts messages where it is present and known. */
    public Optional<DhcpMessageType> messageType() {
        byte[] value = value(MESSAGE_TYPE);
        return value == null || value.length != 1 ? Optional.empty() : DhcpMessageType.ofCode(value[0] & 0xFF);
    }

    /** Option 50, the address a client asks for in DISCOVER or REQUEST. */
    public Optional<Inet4Address> requestedAddress() {
        return address(REQUESTED_ADDRESS);
    }

    /** Option 54, the server a client chose (REQUEST) or the server answering. */
    public Optional<Inet4Address> serverIdentifier() {
        return address(SERVER_IDENTIFIER);
    }

    /** Option 51 in seconds; {@link #INFINITE_LEASE} means forever. */
    public OptionalLong leaseTime() {
        return unsignedInt(LEASE_TIME);
    }

    /** Whether option 55 lists {@code code}; false when the client sent no list. */
    public boolean inParameterRequestList(int code) {
        byte[] value = value(PARAMETER_REQUEST_LIST);
        if (value != null) {
            for (byte asked : value) {
                if ((asked & 0xFF) == code) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Option 55, the codes the client asks for, in its order of preference. */
    public List<Integer> parameterRequestList() {
        byte[] value = value(PARAMETER_REQUEST_LIST);
        if (value == null) {
            return List.of();
        }
        List<Integer> codes = new ArrayList<>(value.length);
        for (byte code : value) {
            codes.add(code & 0xFF);
        }
        return List.copyOf(codes);
    }

    /**
     * Option 57, the largest whole IP datagram the client accepts. RFC 2132 §9.10 sets 576 as the least legal value;
     * smaller ones read as absent, so the server falls back to 576 as if none had been sent.
     */
    public OptionalInt maxMessageSize() {
        byte[] value = value(MAX_MESSAGE_SIZE);
        if (value == null || value.length != 2) {
            return OptionalInt.empty();
        }
        int size = (value[0] & 0xFF) << 8 | value[1] & 0xFF;
        return size < DhcpMessageEncoder.MIN_IP_MESSAGE_SIZE ? OptionalInt.empty() : OptionalInt.of(size);
    }

    /** Option 61, the client's identity when it sent one (usually type 1 and its MAC, or an RFC 4361 DUID). */
    public Optional<byte[]> clientIdentifier() {
        return get(CLIENT_IDENTIFIER);
    }

    /** Option 12, as ISO-8859-1 text so that no byte is lost; the server decides what makes a valid name. */
    public Optional<String> hostName() {
        return string(HOST_NAME);
    }

    /** Option 81. */
    public Optional<ClientFqdn> clientFqdn() {
        byte[] value = value(CLIENT_FQDN);
        return value == null ? Optional.empty() : ClientFqdn.parse(value);
    }

    /** Option 82 as the relay sent it; the server echoes it back unchanged (RFC 3046 §2.2). */
    public Optional<byte[]> relayAgentInformation() {
        return get(RELAY_AGENT_INFORMATION);
    }

    /** A one-address option (1, 28, 50, 54); empty unless exactly 4 bytes. */
    public Optional<Inet4Address> address(int code) {
        byte[] value = value(code);
        return value == null || value.length != 4 ? Optional.empty() : Optional.of(Ipv4.of(value, 0));
    }

    /** An address-list option (3, 6, 42); empty unless a non-empty multiple of 4 bytes. */
    public List<Inet4Address> addresses(int code) {
        byte[] value = value(code);
        if (value == null || value.length == 0 || value.length % 4 != 0) {
            return List.of();
        }
        List<Inet4Address> addresses = new ArrayList<>(value.length / 4);
        for (int at = 0; at < value.length; at += 4) {
            addresses.add(Ipv4.of(value, at));
        }
        return List.copyOf(addresses);
    }

    /** A 32-bit unsigned option (51, 58, 59); empty unless exactly 4 bytes. */
    public OptionalLong unsignedInt(int code) {
        byte[] value = value(code);
        if (value == null || value.length != 4) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Integer.toUnsignedLong(Ipv4.toInt(value, 0)));
    }

    /** A text option (12, 15, 56, 60) as ISO-8859-1, with trailing NULs some clients add taken off. */
    public Optional<String> string(int code) {
        byte[] value = value(code);
        if (value == null) {
            return Optional.empty();
        }
        int end = value.length;
        while (end > 0 && value[end - 1] == 0) {
            end--;
        }
        return Optional.of(new String(value, 0, end, StandardCharsets.ISO_8859_1));
    }

    /** Bytes on the wire for the options alone: each value split into 255-byte instances with code and length. */
    int encodedLength() {
        int length = 0;
        for (byte[] value : values) {
            length += encodedLength(value);
        }
        return length;
    }

    static int encodedLength(byte[] value) {
        int instances = Math.max(1, (value.length + 254) / 255);
        return value.length + 2 * instances;
    }

    /** The code of the {@code i}th option in order, for the encoder. */
    int codeAt(int i) {
        return codes[i] & 0xFF;
    }

    /** The value of the {@code i}th option in order, not a copy: the encoder only reads it. */
    byte[] valueAt(int i) {
        return values[i];
    }

    private byte[] value(int code) {
        int i = indexOf(codes, codes.length, code);
        return i < 0 ? null : values[i];
    }

    private static int indexOf(byte[] codes, int count, int code) {
        for (int i = 0; i < count; i++) {
            if ((codes[i] & 0xFF) == code) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object other) {
        // Order is part of the value: the encoder writes the options in it.
        if (!(other instanceof DhcpOptions that) || !Arrays.equals(codes, that.codes)) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!Arrays.equals(values[i], that.values[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (int i = 0; i < codes.length; i++) {
            hash = 31 * hash + (codes[i] & 0xFF);
            hash = 31 * hash + Arrays.hashCode(values[i]);
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder("DhcpOptions{");
        for (int i = 0; i < codes.length; i++) {
            text.append(codes[i] & 0xFF).append('=').append(HexFormat.of().formatHex(values[i])).append(' ');
        }
        return text.append('}').toString();
    }

    /** Whether {@code text} is ISO-8859-1 (every character below 256), without making a charset encoder for it. */
    static boolean isLatin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xFF) {
                return false;
            }
        }
        return true;
    }

    /** Builds {@link DhcpOptions}; putting a code again replaces its value and keeps its place. */
    public static final class Builder {
        private byte[] codes;
        private byte[][] values;
        private int count;

        private Builder() {
            this.codes = new byte[16];
            this.values = new byte[16][];
        }

        /** Starts from options already built; the value arrays are shared, as neither side changes them. */
        private Builder(byte[] codes, byte[][] values, int count) {
            this.codes = Arrays.copyOf(codes, Math.max(16, count + 4));
            this.values = Arrays.copyOf(values, this.codes.length);
            this.count = count;
        }

        /** Puts option {@code code}, 1 to 254 except 52, with any value; the encoder splits long ones. */
        public Builder put(int code, byte[] value) {
            Objects.requireNonNull(value, "value");
            return set(checkCode(code), value.clone());
        }

        /**
         * Puts option {@code code} as {@code from} holds it, if it holds it, as {@code from.get(code)} then
         * {@link #put} would, but without the two copies: options never change a value, so they can share it.
         */
        public Builder copy(int code, DhcpOptions from) {
            byte[] value = Objects.requireNonNull(from, "from").value(code);
            return value == null ? this : set(code, value);
        }

        public Builder remove(int code) {
            int i = indexOf(codes, count, code);
            if (i >= 0) {
                System.arraycopy(codes, i + 1, codes, i, count - i - 1);
                System.arraycopy(values, i + 1, values, i, count - i - 1);
                values[--count] = null;
            }
            return this;
        }

        public Builder messageType(DhcpMessageType type) {
            return set(MESSAGE_TYPE, new byte[] {(byte) Objects.requireNonNull(type, "type").code()});
        }

        public Builder address(int code, Inet4Address address) {
            // getAddress() returns a new array: no need for put's copy.
            byte[] value = Objects.requireNonNull(address, "address").getAddress();
            return set(checkCode(code), value);
        }

        public Builder addresses(int code, List<Inet4Address> addresses) {
            Objects.requireNonNull(addresses, "addresses");
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("option " + code + " with no addresses, expected at least one");
            }
            byte[] value = new byte[4 * addresses.size()];
            for (int i = 0; i < addresses.size(); i++) {
                System.arraycopy(addresses.get(i).getAddress(), 0, value, 4 * i, 4);
            }
            return set(checkCode(code), value);
        }

        /** A 32-bit unsigned option such as 51, 58, 59, in seconds. */
        public Builder unsignedInt(int code, long value) {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("option " + code + " value " + value + ", expected 0 to 2^32-1");
            }
            byte[] bytes = new byte[4];
            Ipv4.putInt(bytes, 0, (int) value);
            return set(checkCode(code), bytes);
        }

        /** A text option such as 12 or 15, as ISO-8859-1; a character outside it is refused. */
        public Builder string(int code, String text) {
            Objects.requireNonNull(text, "text");
            if (!isLatin1(text)) {
                throw new IllegalArgumentException("option " + code + " text '" + text
                        + "', expected ISO-8859-1 characters only");
            }
            return set(checkCode(code), text.getBytes(StandardCharsets.ISO_8859_1));
        }

        public Builder parameterRequestList(List<Integer> codes) {
            Objects.requireNonNull(codes, "codes");
            byte[] value = new byte[codes.size()];
            for (int i = 0; i < value.length; i++) {
                int code = codes.get(i);
                if (code < 1 || code > 254) {
                    throw new IllegalArgumentException("requested code " + code + ", expected 1 to 254");
                }
                value[i] = (byte) code;
            }
            return set(PARAMETER_REQUEST_LIST, value);
        }

        public Builder maxMessageSize(int size) {
            if (size < DhcpMessageEncoder.MIN_IP_MESSAGE_SIZE || size > 0xFFFF) {
                throw new IllegalArgumentException("max message size " + size + ", expected 576 to 65535");
            }
            return set(MAX_MESSAGE_SIZE, new byte[] {(byte) (size >>> 8), (byte) size});
        }

        public DhcpOptions build() {
            return count == 0 ? EMPTY : new DhcpOptions(Arrays.copyOf(codes, count), Arrays.copyOf(values, count));
        }

        /**
         * Puts {@code value} as it is, replacing the code's value in its place or adding it last: for arrays made
         * here, which nobody else holds. The code must be valid.
         */
        private Builder set(int code, byte[] value) {
            int i = indexOf(codes, count, code);
            if (i >= 0) {
                values[i] = value;
                return this;
            }
            if (count == codes.length) {
                codes = Arrays.copyOf(codes, count * 2);
                values = Arrays.copyOf(values, count * 2);
            }
            codes[count] = (byte) code;
            values[count++] = value;
            return this;
        }

        private static int checkCode(int code) {
            if (code < 1 || code > 254 || code == OVERLOAD) {
                throw new IllegalArgumentException("option code " + code
                        + ", expected 1 to 254 except 52 (overload, which only the codec handles)");
            }
            return code;
        }
    }
}
