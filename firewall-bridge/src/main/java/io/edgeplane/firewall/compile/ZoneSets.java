package io.edgeplane.firewall.compile;

import io.edgeplane.config.firewall.FlowPeer;
import io.edgeplane.config.firewall.ZoneConfig;
import io.edgeplane.config.value.Cidr;
import io.edgeplane.firewall.ruleset.NftSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The zones as named sets ({@code zone_it_v4}, {@code zone_it_v6}, {@code zone_it_if}), so that {@code nft list}
 * shows each zone once and a rule names it as {@code ip saddr @zone_it_v4}; and the matches for a rule's
 * {@code from} and {@code to}.
 */
final class ZoneSets {

    /** Which end of a packet a peer list names. */
    enum End {
        /** Where it comes from: the interface it arrives on, its source address. */
        SOURCE("iifname", "saddr"),
        /** Where it goes: the interface it leaves by, its destination address. */
        DESTINATION("oifname", "daddr");

        private final String interfaceKey;
        private final String addressKey;

        End(String interfaceKey, String addressKey) {
            this.interfaceKey = interfaceKey;
            this.addressKey = addressKey;
        }

        String interfaceKey() {
            return interfaceKey;
        }
    }

    private final Map<String, ZoneConfig> zones;

    ZoneSets(Map<String, ZoneConfig> zones) {
        this.zones = zones;
    }

    List<NftSet> sets() {
        List<NftSet> sets = new ArrayList<>();
        zones.forEach((name, zone) -> {
            String origin = "firewall.zones." + name;
            if (!zone.interfaces().isEmpty()) {
                boolean wildcard = zone.interfaces().stream().anyMatch(i -> i.endsWith("*"));
                sets.add(new NftSet(setName(name, "if"), "ifname", wildcard, Interfaces.elements(zone.interfaces()),
                        Optional.empty(), origin));
            }
            List<String> v4 = Addresses.elements(blocks(zone, Family.V4));
            if (!v4.isEmpty()) {
                sets.add(new NftSet(setName(name, "v4"), "ipv4_addr", true, v4, Optional.empty(), origin));
            }
            List<String> v6 = Addresses.elements(blocks(zone, Family.V6));
            if (!v6.isEmpty()) {
                sets.add(new NftSet(setName(name, "v6"), "ipv6_addr", true, v6, Optional.empty(), origin));
            }
        });
        return sets;
    }

    /**
     * The matches for one end of a rule: any of them is enough, so each becomes a rule of its own. Address blocks
     * written in place share one anonymous set per IP version.
     */
    List<Selector> selectors(List<FlowPeer> peers, End end) {
        if (peers.isEmpty()) {
            return List.of(Selector.NONE);
        }
        List<Selector> selectors = new ArrayList<>();
        List<Cidr> v4 = new ArrayList<>();
        List<Cidr> v6 = new ArrayList<>();
        for (FlowPeer peer : peers) {
            switch (peer) {
                case FlowPeer.Block(Cidr cidr) -> (Family.of(cidr.network()) == Family.V4 ? v4 : v6).add(cidr);
                case FlowPeer.Zone(String name) -> {
                    ZoneConfig zone = zones.get(name);
                    if (zone == null) {
                        throw new IllegalArgumentException("no zone is named '" + name + "'; a checked config has it");
                    }
                    if (!zone.interfaces().isEmpty()) {
                        selectors.add(new Selector(end.interfaceKey + " @" + setName(name, "if"), Family.ANY));
                    }
                    if (!blocks(zone, Family.V4).isEmpty()) {
                        selectors.add(new Selector("ip " + end.addressKey + " @" + setName(name, "v4"), Family.V4));
                    }
                    if (!blocks(zone, Family.V6).isEmpty()) {
                        selectors.add(new Selector("ip6 " + end.addressKey + " @" + setName(name, "v6"), Family.V6));
                    }
                }
            }
        }
        if (!v4.isEmpty()) {
            selectors.add(new Selector("ip " + end.addressKey + " " + Addresses.oneOrSet(Addresses.elements(v4)), Family.V4));
        }
        if (!v6.isEmpty()) {
            selectors.add(new Selector("ip6 " + end.addressKey + " " + Addresses.oneOrSet(Addresses.elements(v6)), Family.V6));
        }
        return selectors;
    }

    static String setName(String zone, String kind) {
        return "zone_" + zone + "_" + kind;
    }

    private static List<Cidr> blocks(ZoneConfig zone, Family family) {
        return zone.cidrs().stream().filter(c -> Family.of(c.network()) == family).toList();
    }
}
