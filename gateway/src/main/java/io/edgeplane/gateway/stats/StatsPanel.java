package io.edgeplane.gateway.stats;

/**
 * One part of the stats page. A service that wants its own panel (DNS, NTP, VRRP, DHCP, firewall) adds one
 * small implementation and {@link StatsPage} lists it; a panel with nothing to show writes nothing.
 */
interface StatsPanel {

    /** Writes this panel's markup for the model, escaping every string that came from config. */
    void render(StatsPageModel model, Html html);
}
