package io.edgeplane.firewall.nft;

import io.edgeplane.firewall.ruleset.NftRenderer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the kernel holds of edgeplane's table, read back with {@code nft -j list table}: the structure
 * {@link TableVerifier} compares, not the rules' text, which nft versions print differently.
 *
 * @param digest the ruleset digest from the table's comment ({@code edgeplane ruleset 0123456789abcdef}); empty when
 *               the table has no such comment
 * @param chains the chains in the kernel's order
 * @param sets   the named sets in the kernel's order
 */
public record KernelTable(Optional<String> digest, List<KernelChain> chains, List<KernelSet> sets) {

    public KernelTable {
        Objects.requireNonNull(digest, "digest");
        chains = List.copyOf(chains);
        sets = List.copyOf(sets);
    }

    public Optional<KernelChain> chain(String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<KernelSet> set(String name) {
        return sets.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public KernelTable withDigest(Optional<String> newDigest) {
        return new KernelTable(newDigest, chains, sets);
    }

    /** The digest a table comment carries, if edgeplane wrote it. */
    public static Optional<String> digestOfComment(String comment) {
        Objects.requireNonNull(comment, "comment");
        return comment.startsWith(NftRenderer.COMMENT_PREFIX) && comment.length() > NftRenderer.COMMENT_PREFIX.length()
                ? Optional.of(comment.substring(NftRenderer.COMMENT_PREFIX.length()))
                : Optional.empty();
    }
}
