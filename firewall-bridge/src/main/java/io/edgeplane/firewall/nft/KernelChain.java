package io.edgeplane.firewall.nft;

import java.util.Objects;
import java.util.Optional;

/**
 * A chain as the kernel holds it.
 *
 * @param name      the chain's name
 * @param hook      for a base chain, its hook ({@code input}); empty for a regular chain
 * @param policy    for a base chain, its policy ({@code accept}, {@code drop})
 * @param ruleCount how many rules it holds
 * @param counted   packets its rules' counters have counted since the table was created (edgeplane counts what each
 *                  deny chain drops or rejects)
 */
public record KernelChain(String name, Optional<String> hook, Optional<String> policy, int ruleCount, long counted) {

    /** A chain whose rules count nothing. */
    public KernelChain(String name, Optional<String> hook, Optional<String> policy, int ruleCount) {
        this(name, hook, policy, ruleCount, 0);
    }

    public KernelChain {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(policy, "policy");
        if (ruleCount < 0) {
            throw new IllegalArgumentException("ruleCount must be 0 or more, got " + ruleCount);
        }
    }
}
