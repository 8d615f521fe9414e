package io.edgeplane.vrrp.state;

/** Noteworthy advertisements that change no state but that an operator wants to hear of. */
public enum AdvertNotice {
    /**
     * A master heard a lower priority master: the network was split, or a backup missed our adverts. keepalived
     * runs {@code notify_master_rx_lower_pri} for it (and answers with an advert at once).
     */
    LOWER_PRIORITY_MASTER,
    /**
     * Another router claims priority 255 too. keepalived logs a configuration error and lowers its own priority
     * to 254 so that one of the two wins; so do we.
     */
    OWNER_CONFLICT,
    /** An advert with our priority from our own primary address: a loop, or a duplicate address. */
    OWN_ADDRESS
}
