package io.edgeplane.firewall.compile;

import java.util.Objects;

/**
 * One match of a rule in nft syntax ({@code ip saddr @zone_it_v4}, {@code tcp dport 22}), and the IP version it
 * implies, so that a rule never asks for an IPv4 source and an IPv6 destination at once.
 */
record Selector(String text, Family family) {

    /** Matches everything: the part of a rule a key left out. */
    static final Selector NONE = new Selector("", Family.ANY);

    Selector {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(family, "family");
    }
}
