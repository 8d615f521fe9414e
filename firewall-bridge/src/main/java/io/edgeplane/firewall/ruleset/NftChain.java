package io.edgeplane.firewall.ruleset;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A chain of the table: a base chain hooked into the kernel's path ({@code input}, {@code forward}, {@code output})
 * with its policy, or a regular chain that rules jump to ({@code input_deny}).
 *
 * @param name  the chain's name
 * @param hook  where a base chain sits, and its policy; empty for a regular chain
 * @param rules the rules in order
 */
public record NftChain(String name, Optional<Hook> hook, List<NftRule> rules) {

    public NftChain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hook, "hook");
        rules = List.copyOf(rules);
    }

    /**
     * A base chain's place: the netfilter hook, at the filter priority, and the verdict for packets that no rule
     * decided.
     *
     * @param hook   {@code input}, {@code forward} or {@code output}
     * @param accept whether the policy is accept; otherwise drop (reject is a last rule, as nftables has no
     *               reject policy)
     */
    public record Hook(String hook, boolean accept) {
        public Hook {
            Objects.requireNonNull(hook, "hook");
        }

        public String policy() {
            return accept ? "accept" : "drop";
        }
    }
}
