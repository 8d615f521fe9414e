package io.edgeplane.firewall.nft;

import io.edgeplane.firewall.ruleset.NftChain;
import io.edgeplane.firewall.ruleset.NftSet;
import io.edgeplane.firewall.ruleset.Ruleset;
import io.edgeplane.firewall.ruleset.SetElements;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that the kernel's table is the ruleset we meant: the digest in its comment, the same chains with the same
 * hooks, policies and numbers of rules, the same static sets with the same elements (in any order, compared in
 * {@link SetElements#canonical canonical form}), and the dynamic sets. It compares structure, not the rules' text,
 * so it holds across nft versions that print rules differently.
 */
public final class TableVerifier {

    /**
     * What differs between {@code ruleset}, whose listing has {@code digest}, and {@code kernel}; empty when the
     * kernel holds that ruleset.
     */
    public List<String> verify(Ruleset ruleset, String digest, KernelTable kernel) {
        Objects.requireNonNull(ruleset, "ruleset");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(kernel, "kernel");
        List<String> mismatches = new ArrayList<>();
        if (!kernel.digest().equals(Optional.of(digest))) {
            mismatches.add(kernel.digest()
                    .map(d -> "the kernel's table carries ruleset " + d + ", expected " + digest)
                    .orElse("the kernel's table carries no edgeplane ruleset comment, expected ruleset " + digest));
        }
        for (NftChain chain : ruleset.chains()) {
            Optional<KernelChain> found = kernel.chain(chain.name());
            if (found.isEmpty()) {
                mismatches.add("chain " + chain.name() + " is missing from the kernel's table");
                continue;
            }
            KernelChain k = found.get();
            Optional<String> hook = chain.hook().map(NftChain.Hook::hook);
            Optional<String> policy = chain.hook().map(NftChain.Hook::policy);
            if (!k.hook().equals(hook)) {
                mismatches.add("chain " + chain.name() + " has " + describeHook(k.hook()) + " in the kernel, expected "
                        + describeHook(hook));
            }
            if (hook.isPresent() && !k.policy().equals(policy)) {
                mismatches.add("chain " + chain.name() + " has policy " + k.policy().orElse("(none)")
                        + " in the kernel, expected " + policy.get());
            }
            if (k.ruleCount() != chain.rules().size()) {
                mismatches.add("chain " + chain.name() + " has " + k.ruleCount() + " rules in the kernel, expected "
                        + chain.rules().size());
            }
        }
        for (KernelChain k : kernel.chains()) {
            if (ruleset.chain(k.name()).isEmpty()) {
                mismatches.add("chain " + k.name() + " is in the kernel's table but not in the ruleset");
            }
        }
        for (NftSet set : ruleset.sets()) {
            Optional<KernelSet> found = kernel.set(set.name());
            if (found.isEmpty()) {
                mismatches.add("set " + set.name() + " is missing from the kernel's table");
                continue;
            }
            KernelSet k = found.get();
            if (!k.type().equals(set.type())) {
                mismatches.add("set " + set.name() + " has type " + k.type() + " in the kernel, expected "
                        + set.type());
                continue;
            }
            if (set.dynamic().isEmpty()) {
                compareElements(set, k, mismatches);
            }
        }
        for (KernelSet k : kernel.sets()) {
            if (ruleset.sets().stream().noneMatch(s -> s.name().equals(k.name()))) {
                mismatches.add("set " + k.name() + " is in the kernel's table but not in the ruleset");
            }
        }
        return List.copyOf(mismatches);
    }

    private static void compareElements(NftSet set, KernelSet kernel, List<String> mismatches) {
        Set<String> expected = canonical(set.type(), set.elements());
        Set<String> actual = canonical(set.type(), kernel.elements());
        Set<String> missing = new LinkedHashSet<>(expected);
        missing.removeAll(actual);
        Set<String> extra = new LinkedHashSet<>(actual);
        extra.removeAll(expected);
        if (!missing.isEmpty()) {
            mismatches.add("set " + set.name() + " lacks " + String.join(", ", missing) + " in the kernel");
        }
        if (!extra.isEmpty()) {
            mismatches.add("set " + set.name() + " has " + String.join(", ", extra)
                    + " in the kernel, which the ruleset does not");
        }
    }

    private static Set<String> canonical(String type, List<String> elements) {
        return new LinkedHashSet<>(SetElements.sorted(type, elements));
    }

    private static String describeHook(Optional<String> hook) {
        return hook.map(h -> "hook " + h).orElse("no hook (a regular chain)");
    }
}
