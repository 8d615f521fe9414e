package io.edgeplane.vrrp.codec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decodes a VRRP message, the IP payload, with what the socket says about the packet: its source and destination
 * address and its TTL or hop limit. It checks what RFC 3768 §7.1 and RFC 5798 §7.1 ask of every packet whatever
 * the receiving instance (TTL, version, type, length, checksum); what needs the instance's configuration (VRID,
 * password, interval, address list) is the state machine's {@code AdvertisementCheck}.
 *
 * <p>Untrusted bytes never make it throw: every flaw is a {@link DecodeResult.Dropped} with its reason. Only the
 * caller's own mistakes throw (a range outside the array, source and destination of different families).
 */
public final class VrrpAdvertisementDecoder {

    /** Version and type, VRID, priority, address count, two bytes of auth type and interval, checksum. */
    public static final int HEADER_LENGTH = 8;
    /** Pass as the TTL when the socket did not report it (IPv6 without IPV6_RECVHOPLIMIT); keepalived skips the check. */
    public static final int TTL_UNKNOWN = -1;
    /** The IPv4 VRRP multicast group, what keepalived before 1.3.6 put in the pseudo-header of unicast adverts. */
    static final byte[] MULTICAST_GROUP_4 = {(byte) 224, 0, 0, 18};

    private VrrpAdvertisementDecoder() {
    }

    /** Decodes the remaining bytes of {@code payload}, leaving its position where it was. */
    public static DecodeResult decode(ByteBuffer payload, InetAddress source, InetAddress destination, int ttl) {
        Objects.requireNonNull(payload, "payload");
        if (payload.hasArray()) {
            return decode(payload.array(), payload.arrayOffset() + payload.position(), payload.remaining(), source,
                    destination, ttl);
        }
        byte[] copy = new byte[payload.remaining()];
        payload.get(payload.position(), copy);
        return decode(copy, 0, copy.length, source, destination, ttl);
    }

    /**
     * Decodes {@code data[offset .. offset + length)}.
     *
     * @param ttl the IPv4 TTL or IPv6 hop limit the packet arrived with, or {@link #TTL_UNKNOWN}
     * @throws IndexOutOfBoundsException if the range is not inside {@code data}
     * @throws IllegalArgumentException  if source and destination are not of one family
     */
    public static DecodeResult decode(byte[] data, int offset, int length, InetAddress source,
            InetAddress destination, int ttl) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.checkFromIndexSize(offset, length, data.length);
        boolean ipv6 = source instanceof Inet6Address;
        if (ipv6 != destination instanceof Inet6Address) {
            throw new IllegalArgumentException("source " + source.getHostAddress() + " and destination "
                    + destination.getHostAddress() + " are not of one address family");
        }
        if (ttl != TTL_UNKNOWN && ttl != VrrpAdvertisement.TTL) {
            return drop(DropReason.BAD_TTL, (ipv6 ? "hop limit " : "TTL ") + ttl + ", expected 255");
        }
        if (length < HEADER_LENGTH) {
            return drop(DropReason.TOO_SHORT, "length " + length + " is shorter than the 8-byte header");
        }
        int first = data[offset] & 0xFF;
        int version = first >>> 4;
        if (version != VrrpAdvertisement.VERSION_2 && version != VrrpAdvertisement.VERSION_3) {
            return drop(DropReason.BAD_VERSION, "version " + version + ", expected 2 or 3");
        }
        if (version == VrrpAdvertisement.VERSION_2 && ipv6) {
            return drop(DropReason.VERSION_NOT_FOR_FAMILY, "version 2 from IPv6 source " + source.getHostAddress()
                    + ", expected version 3");
        }
        int type = first & 0x0F;
        if (type != VrrpAdvertisement.TYPE_ADVERTISEMENT) {
            return drop(DropReason.BAD_TYPE, "type " + type + ", expected 1 (ADVERTISEMENT)");
        }
        int count = data[offset + 3] & 0xFF;
        int expected = VrrpAdvertisement.length(version, count, ipv6);
        if (length != expected) {
            return drop(DropReason.LENGTH_MISMATCH, "length " + length + ", expected " + expected + " for "
                    + count + (ipv6 ? " IPv6" : " IPv4") + " addresses in version " + version);
        }
        boolean legacyChecksum = false;
        if (version == VrrpAdvertisement.VERSION_2) {
            if (InternetChecksum.compute(data, offset, length, null, null) != 0) {
                return drop(DropReason.BAD_CHECKSUM, "checksum 0x" + checksumField(data, offset)
                        + " is wrong for the message");
            }
        } else if (InternetChecksum.compute(data, offset, length, source, destination) != 0) {
            legacyChecksum = !ipv6 && !isMulticastGroup(destination) && InternetChecksum.compute(data, offset,
                    length, source, multicastGroup4()) == 0;
            if (!legacyChecksum) {
                return drop(DropReason.BAD_CHECKSUM, "checksum 0x" + checksumField(data, offset)
                        + " is wrong for the message and pseudo-header " + source.getHostAddress() + " -> "
                        + destination.getHostAddress());
            }
        }
        int vrid = data[offset + 1] & 0xFF;
        if (vrid == 0) {
            return drop(DropReason.BAD_VRID, "VRID 0, expected 1 to 255");
        }
        Authentication authentication = Authentication.NONE;
        int interval;
        if (version == VrrpAdvertisement.VERSION_2) {
            int authType = data[offset + 4] & 0xFF;
            if (authType == Authentication.SimplePassword.TYPE) {
                int at = offset + length - Authentication.SimplePassword.LENGTH;
                byte[] password = new byte[Authentication.SimplePassword.LENGTH];
                System.arraycopy(data, at, password, 0, password.length);
                authentication = Authentication.SimplePassword.ofWire(password);
            } else if (authType != Authentication.None.TYPE) {
                return drop(DropReason.UNKNOWN_AUTH_TYPE, "auth type " + authType
                        + ", expected 0 (none) or 1 (simple password)");
            }
            interval = data[offset + 5] & 0xFF;
        } else {
            // The 4 bits before the interval are reserved: sent as 0, ignored on receipt (RFC 5798 §5.2.6).
            interval = (data[offset + 4] & 0x0F) << 8 | data[offset + 5] & 0xFF;
        }
        if (interval == 0) {
            return drop(DropReason.BAD_ADVERT_INTERVAL, "advertisement interval 0, expected 1 or more");
        }
        List<InetAddress> addresses = new ArrayList<>(count);
        int size = ipv6 ? 16 : 4;
        for (int i = 0, at = offset + HEADER_LENGTH; i < count; i++, at += size) {
            byte[] raw = new byte[size];
            System.arraycopy(data, at, raw, 0, size);
            addresses.add(address(raw));
        }
        VrrpAdvertisement advertisement = new VrrpAdvertisement(version, vrid, data[offset + 2] & 0xFF,
                authentication, interval, addresses);
        return new DecodeResult.Valid(advertisement, legacyChecksum);
    }

    private static InetAddress address(byte[] raw) {
        try {
            // Inet6Address.getByAddress keeps an IPv4-mapped IPv6 address an IPv6 address;
            // InetAddress.getByAddress would make it an Inet4Address and mix the families.
            return raw.length == 16 ? Inet6Address.getByAddress(null, raw, -1) : InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new AssertionError("an address of " + raw.length + " bytes is always valid", e);
        }
    }

    static InetAddress multicastGroup4() {
        try {
            return InetAddress.getByAddress(MULTICAST_GROUP_4);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static boolean isMulticastGroup(InetAddress destination) {
        return destination instanceof Inet4Address
                && java.util.Arrays.equals(destination.getAddress(), MULTICAST_GROUP_4);
    }

    private static String checksumField(byte[] data, int offset) {
        return Integer.toHexString((data[offset + 6] & 0xFF) << 8 | data[offset + 7] & 0xFF);
    }

    private static DecodeResult drop(DropReason reason, String detail) {
        return new DecodeResult.Dropped(reason, detail);
    }
}
