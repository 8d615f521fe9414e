package io.edgeplane.vrrp.codec;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One VRRP ADVERTISEMENT, field by field as RFC 3768 §5 (version 2) and RFC 5798 §5 (version 3) lay it out; the
 * checksum is not kept, {@link VrrpAdvertisementEncoder} computes it and {@link VrrpAdvertisementDecoder} checks it.
 *
 * @param version        2 or 3
 * @param vrid           the Virtual Router ID, 1 to 255
 * @param priority       0 (the master is leaving) to 255 (the address owner)
 * @param authentication VRRPv2 only; always {@link Authentication#NONE} in version 3
 * @param advertInterval version 2: whole seconds, 1 to 255; version 3: centiseconds, 1 to 4095 (12 bits)
 * @param addresses      the virtual addresses, all IPv4 or all IPv6 (version 2 is IPv4 only), at most 255
 */
public record VrrpAdvertisement(
        int version,
        int vrid,
        int priority,
        Authentication authentication,
        int advertInterval,
        List<InetAddress> addresses) {

    public static final int VERSION_2 = 2;
    public static final int VERSION_3 = 3;
    /** The only packet type there is. */
    public static final int TYPE_ADVERTISEMENT = 1;
    /** The IP protocol number of VRRP. */
    public static final int IP_PROTOCOL = 112;
    /** The TTL (IPv4) or hop limit (IPv6) every advertisement is sent with and must arrive with. */
    public static final int TTL = 255;
    /** Priority 0: the master stops being master, a backup should take over at once. */
    public static final int PRIORITY_STOP = 0;
    /** Priority 255: the router that owns the virtual addresses. */
    public static final int PRIORITY_OWNER = 255;
    public static final int MAX_ADDRESSES = 255;
    public static final int MAX_V2_INTERVAL = 255;
    public static final int MAX_V3_INTERVAL = 0x0FFF;

    public VrrpAdvertisement {
        if (version != VERSION_2 && version != VERSION_3) {
            throw new IllegalArgumentException("version must be 2 or 3, got " + version);
        }
        checkRange("vrid", vrid, 1, 255);
        checkRange("priority", priority, 0, 255);
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(addresses, "addresses");
        addresses = List.copyOf(addresses);
        checkRange("advertInterval (version " + version + ")", advertInterval, 1,
                version == VERSION_2 ? MAX_V2_INTERVAL : MAX_V3_INTERVAL);
        if (version == VERSION_3 && authentication != Authentication.NONE) {
            throw new IllegalArgumentException("version 3 has no authentication, got type " + authentication.type());
        }
        if (addresses.size() > MAX_ADDRESSES) {
            throw new IllegalArgumentException("at most 255 addresses fit, got " + addresses.size());
        }
        if (!addresses.isEmpty()) {
            boolean ipv6 = addresses.getFirst() instanceof Inet6Address;
            for (InetAddress address : addresses) {
                if ((address instanceof Inet6Address) != ipv6) {
                    throw new IllegalArgumentException("addresses must be all IPv4 or all IPv6, got " + addresses);
                }
            }
            if (ipv6 && version == VERSION_2) {
                throw new IllegalArgumentException("version 2 carries IPv4 addresses only, got " + addresses);
            }
        }
    }

    /** The Count IPvX Addr field. */
    public int addressCount() {
        return addresses.size();
    }

    /** Whether the addresses are IPv6; false for an advertisement with none (keepalived's default family). */
    public boolean ipv6() {
        return !addresses.isEmpty() && addresses.getFirst() instanceof Inet6Address;
    }

    /** The advertisement interval as a duration, whatever the version's unit. */
    public Duration advertIntervalDuration() {
        return version == VERSION_2 ? Duration.ofSeconds(advertInterval) : Duration.ofMillis(advertInterval * 10L);
    }

    /** The length of the message on the wire: 8 bytes, the addresses, and in version 2 the 8 authentication bytes. */
    public int length() {
        return length(version, addresses.size(), ipv6());
    }

    static int length(int version, int count, boolean ipv6) {
        return VrrpAdvertisementDecoder.HEADER_LENGTH + count * (ipv6 ? 16 : 4)
                + (version == VERSION_2 ? Authentication.SimplePassword.LENGTH : 0);
    }

    private static void checkRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", got " + value);
        }
    }
}
