package io.edgeplane.firewall.ruleset;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A named set of the table: a zone's addresses or interfaces (static, filled from the config), or the per-source
 * buckets of a rate-limited rule (dynamic, filled by the kernel as sources arrive).
 *
 * @param name     the set's name
 * @param type     {@code ipv4_addr}, {@code ipv6_addr} or {@code ifname}
 * @param interval whether elements are blocks or prefixes ({@code 10.0.0.0/8}, {@code br-*}) rather than single values
 * @param elements the elements as nft writes them; empty for a dynamic set
 * @param dynamic  for a per-source meter: how many sources it holds and how long an idle one is kept
 * @param origin   the config path it came from
 */
public record NftSet(String name, String type, boolean interval, List<String> elements, Optional<Meter> dynamic,
                     String origin) {

    public NftSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        elements = List.copyOf(elements);
        Objects.requireNonNull(dynamic, "dynamic");
        Objects.requireNonNull(origin, "origin");
        if (dynamic.isPresent() && !elements.isEmpty()) {
            throw new IllegalArgumentException("a dynamic set starts empty: " + name);
        }
    }

    /**
     * What a per-source meter set holds.
     *
     * @param size    the most sources tracked at once
     * @param timeout how long a source that sends nothing keeps its bucket; no shorter than the time a bucket takes to
     *                fill, or forgetting a source would hand it a full burst early
     */
    public record Meter(int size, Duration timeout) {
        public Meter {
            Objects.requireNonNull(timeout, "timeout");
        }
    }
}
