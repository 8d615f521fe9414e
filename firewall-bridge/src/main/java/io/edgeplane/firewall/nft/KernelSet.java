package io.edgeplane.firewall.nft;

import java.util.List;
import java.util.Objects;

/**
 * A named set as the kernel holds it.
 *
 * @param name     the set's name
 * @param type     its key type ({@code ipv4_addr}, {@code ifname}; {@code a . b} for a concatenation)
 * @param flags    its flags as nft's JSON names them ({@code interval}, {@code timeout}; nft 1.0.6 leaves
 *                 {@code dynamic} out of its JSON)
 * @param elements its elements written as nft's text listing writes them: {@code 10.0.0.0/8},
 *                 {@code 192.168.1.7}, {@code 198.18.0.10-198.18.0.20}, {@code "eth0"} (names quoted), {@code 443};
 *                 a dynamic set's current members without their timeouts and buckets
 */
public record KernelSet(String name, String type, List<String> flags, List<String> elements) {

    public KernelSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        flags = List.copyOf(flags);
        elements = List.copyOf(elements);
    }
}
