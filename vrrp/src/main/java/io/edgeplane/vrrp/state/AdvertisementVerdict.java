package io.edgeplane.vrrp.state;

/**
 * What an instance made of a decoded advertisement: taken into account, or refused by {@link AdvertisementCheck}
 * for a reason the service counts (keepalived's {@code vrid_err}, {@code authtype_mismatch}, {@code auth_failure},
 * {@code addr_list_err}, ...).
 */
public enum AdvertisementVerdict {
    /** Passed the checks and was handed to the state machine (which may still find it too low to matter). */
    ACCEPTED,
    /** The instance is in INITIALIZE or FAULT, where adverts are not listened to. */
    NOT_LISTENING,
    /** IPv4 advert for an IPv6 instance or the other way round. */
    FAMILY_MISMATCH,
    /** A version other than the instance's. */
    VERSION_MISMATCH,
    /** Another virtual router's advert: the service routes by VRID, so this is a routing mistake or a stray. */
    VRID_MISMATCH,
    /** Version 2: the auth type is not the instance's. */
    AUTH_TYPE_MISMATCH,
    /** Version 2: the password is wrong. */
    AUTH_FAILURE,
    /**
     * Version 2: the interval is not ours. RFC 3768 says discard, and keepalived does, "to prevent concurrent VRID
     * running => multiple master in 1 VRID".
     */
    ADVERT_INTERVAL_MISMATCH,
    /** Not as many addresses as the instance has; keepalived drops these whatever {@code skip_check_adv_addr}. */
    ADDRESS_COUNT_MISMATCH,
    /** One of the instance's addresses is missing from the advert. */
    ADDRESS_LIST_MISMATCH,
    /** A unicast advert to a multicast instance. */
    EXPECTED_MULTICAST,
    /** A multicast advert to a unicast instance. */
    EXPECTED_UNICAST,
    /** {@code check_unicast_src}: the source is not one of the unicast peers. */
    NOT_A_UNICAST_PEER
}
