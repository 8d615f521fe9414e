package io.edgeplane.vrrp.state;

import io.edgeplane.vrrp.codec.Authentication;
import io.edgeplane.vrrp.codec.VrrpAdvertisement;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * The receive checks of RFC 3768 §7.1 and RFC 5798 §7.1 that need the instance's configuration, in keepalived's
 * order and with its leniencies: the address count must match, the address list is compared only when asked (a
 * master always asks; a backup with {@code skip_check_adv_addr} only when the master changes), the interval must
 * match in version 2 only, and the destination must be multicast exactly when there are no unicast peers.
 */
public final class AdvertisementCheck {

    private final VrrpInstanceSettings settings;

    public AdvertisementCheck(VrrpInstanceSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Checks an advertisement that the codec decoded.
     *
     * @param source         the IP source, the sender's primary address
     * @param destination    the IP destination, the group or our own address
     * @param checkAddresses whether to compare the address list with ours
     */
    public AdvertisementVerdict check(VrrpAdvertisement advertisement, InetAddress source, InetAddress destination,
            boolean checkAddresses) {
        Objects.requireNonNull(advertisement, "advertisement");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        if ((source instanceof Inet6Address) != settings.ipv6()) {
            return AdvertisementVerdict.FAMILY_MISMATCH;
        }
        if (advertisement.version() != settings.version()) {
            return AdvertisementVerdict.VERSION_MISMATCH;
        }
        if (advertisement.vrid() != settings.vrid()) {
            return AdvertisementVerdict.VRID_MISMATCH;
        }
        if (settings.version() == VrrpAdvertisement.VERSION_2) {
            Authentication expected = settings.authentication();
            Authentication received = advertisement.authentication();
            if (received.type() != expected.type()) {
                return AdvertisementVerdict.AUTH_TYPE_MISMATCH;
            }
            if (expected instanceof Authentication.SimplePassword password
                    && !password.matches((Authentication.SimplePassword) received)) {
                return AdvertisementVerdict.AUTH_FAILURE;
            }
            if (advertisement.advertInterval() != settings.advertIntervalField()) {
                return AdvertisementVerdict.ADVERT_INTERVAL_MISMATCH;
            }
        }
        List<InetAddress> ours = settings.virtualAddresses();
        if (advertisement.addressCount() != ours.size()) {
            return AdvertisementVerdict.ADDRESS_COUNT_MISMATCH;
        }
        boolean unicast = !settings.unicastPeers().isEmpty();
        if (destination.isMulticastAddress() == unicast) {
            return unicast ? AdvertisementVerdict.EXPECTED_UNICAST : AdvertisementVerdict.EXPECTED_MULTICAST;
        }
        if (checkAddresses) {
            // Any order, as keepalived compares: each of ours must be somewhere in the advert.
            if (!advertisement.addresses().containsAll(ours)) {
                return AdvertisementVerdict.ADDRESS_LIST_MISMATCH;
            }
            if (unicast && settings.checkUnicastSource() && !settings.unicastPeers().contains(source)) {
                return AdvertisementVerdict.NOT_A_UNICAST_PEER;
            }
        }
        return AdvertisementVerdict.ACCEPTED;
    }
}
