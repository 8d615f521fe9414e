package io.edgeplane.firewall.ruleset;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole of edgeplane's nftables table, as compiled from one config: what {@code edgeplane firewall show} prints
 * and what is applied in one transaction.
 *
 * @param family   the table's family, {@code inet} (IPv4 and IPv6 in one table)
 * @param table    the table's name, {@code edgeplane}
 * @param sets     the named sets, in the order they are declared
 * @param chains   the chains, in the order they are declared
 * @param warnings what the config asks for that is probably not what was meant (a listener no rule lets anyone
 *                 reach), for the operator to read; applying does not depend on them
 */
public record Ruleset(String family, String table, List<NftSet> sets, List<NftChain> chains, List<String> warnings) {

    public static final String FAMILY = "inet";
    public static final String TABLE = "edgeplane";

    public Ruleset {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(table, "table");
        sets = List.copyOf(sets);
        chains = List.copyOf(chains);
        warnings = List.copyOf(warnings);
    }

    public Ruleset(List<NftSet> sets, List<NftChain> chains, List<String> warnings) {
        this(FAMILY, TABLE, sets, chains, warnings);
    }

    public Optional<NftChain> chain(String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public int ruleCount() {
        return chains.stream().mapToInt(c -> c.rules().size()).sum();
    }
}
