package io.edgeplane.vrrp.codec;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Writes a VRRP message, the IP payload, with its checksum. Version 3 sums the pseudo-header of the IP packet the
 * message goes in, so the encoder needs its source and destination.
 *
 * <p>For IPv4 version 3 the destination in the pseudo-header is the packet's real destination, as RFC 5798 §5.2.8
 * and keepalived since 1.3.6 have it: the multicast group, or the peer for unicast. keepalived has no option to
 * checksum version 3 as version 2 does (there is no {@code vrrp_v3_checksum_as_v2}); its only compatibility
 * switch is {@code old_unicast_checksum}, for unicast peers running keepalived older than 1.3.6, which put the
 * multicast group 224.0.0.18 in the pseudo-header even for unicast. To talk to such a peer the service passes the
 * group as {@code checksumDestination} while sending to the peer; {@link DecodeResult.Valid#legacyUnicastChecksum}
 * tells it when a peer does this, as keepalived's automatic mode notices it.
 */
public final class VrrpAdvertisementEncoder {

    private VrrpAdvertisementEncoder() {
    }

    /** A new array holding {@code advertisement} as sent from {@code source} to {@code checksumDestination}. */
    public static byte[] encode(VrrpAdvertisement advertisement, InetAddress source, InetAddress checksumDestination) {
        Objects.requireNonNull(advertisement, "advertisement");
        byte[] out = new byte[advertisement.length()];
        encode(advertisement, source, checksumDestination, out, 0);
        return out;
    }

    /**
     * Writes {@code advertisement} into {@code out} at {@code offset}.
     *
     * @param source              the IP source address, the sender's primary address (version 3 checksum)
     * @param checksumDestination the IP destination address, or the group for {@code old_unicast_checksum}
     * @return the number of bytes written, {@link VrrpAdvertisement#length()}
     * @throws IndexOutOfBoundsException if the message does not fit
     * @throws IllegalArgumentException  if the addresses are not all of one family
     */
    public static int encode(VrrpAdvertisement advertisement, InetAddress source, InetAddress checksumDestination,
            byte[] out, int offset) {
        Objects.requireNonNull(advertisement, "advertisement");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(checksumDestination, "checksumDestination");
        Objects.requireNonNull(out, "out");
        boolean ipv6 = source instanceof Inet6Address;
        if (ipv6 != checksumDestination instanceof Inet6Address
                || (advertisement.addressCount() > 0 && advertisement.ipv6() != ipv6)) {
            throw new IllegalArgumentException("source " + source.getHostAddress() + ", destination "
                    + checksumDestination.getHostAddress() + " and addresses " + advertisement.addresses()
                    + " must be of one address family");
        }
        if (ipv6 && advertisement.version() == VrrpAdvertisement.VERSION_2) {
            throw new IllegalArgumentException("version 2 is IPv4 only, got source " + source.getHostAddress());
        }
        int length = advertisement.length();
        Objects.checkFromIndexSize(offset, length, out.length);
        boolean v2 = advertisement.version() == VrrpAdvertisement.VERSION_2;
        out[offset] = (byte) (advertisement.version() << 4 | VrrpAdvertisement.TYPE_ADVERTISEMENT);
        out[offset + 1] = (byte) advertisement.vrid();
        out[offset + 2] = (byte) advertisement.priority();
        out[offset + 3] = (byte) advertisement.addressCount();
        if (v2) {
            out[offset + 4] = (byte) advertisement.authentication().type();
            out[offset + 5] = (byte) advertisement.advertInterval();
        } else {
            out[offset + 4] = (byte) (advertisement.advertInterval() >>> 8);
            out[offset + 5] = (byte) advertisement.advertInterval();
        }
        out[offset + 6] = 0;
        out[offset + 7] = 0;
        int at = offset + VrrpAdvertisementDecoder.HEADER_LENGTH;
        List<InetAddress> addresses = advertisement.addresses();
        for (InetAddress address : addresses) {
            byte[] raw = address.getAddress();
            System.arraycopy(raw, 0, out, at, raw.length);
            at += raw.length;
        }
        if (v2) {
            if (advertisement.authentication() instanceof Authentication.SimplePassword password) {
                password.writeTo(out, at);
            } else {
                java.util.Arrays.fill(out, at, at + Authentication.SimplePassword.LENGTH, (byte) 0);
            }
        }
        int checksum = v2
                ? InternetChecksum.compute(out, offset, length, null, null)
                : InternetChecksum.compute(out, offset, length, source, checksumDestination);
        out[offset + 6] = (byte) (checksum >>> 8);
        out[offset + 7] = (byte) checksum;
        return length;
    }
}
