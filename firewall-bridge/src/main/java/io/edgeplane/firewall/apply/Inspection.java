package io.edgeplane.firewall.apply;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the kernel holds compared with the ruleset edgeplane applied, read back at one moment.
 *
 * @param drift   how the kernel's table differs (missing, another ruleset, chains or sets changed); empty = in sync
 * @param counted packets counted by each chain's counters, by chain name
 */
public record Inspection(List<String> drift, Map<String, Long> counted) {

    public Inspection {
        drift = List.copyOf(drift);
        counted = Map.copyOf(Objects.requireNonNull(counted, "counted"));
    }
}
