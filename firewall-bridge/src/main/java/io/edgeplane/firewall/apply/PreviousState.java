package io.edgeplane.firewall.apply;

import io.edgeplane.firewall.nft.NftTableReader;
import java.util.Objects;
import java.util.Optional;

/**
 * What the kernel held of edgeplane's table before an apply, to put back if the reload that applied it is aborted.
 *
 * @param listing the table as {@code nft -s list table inet edgeplane} printed it, which nft reads back; empty when
 *                there was no table
 */
public record PreviousState(Optional<String> listing) {

    public PreviousState {
        Objects.requireNonNull(listing, "listing");
    }

    /** There was no table. */
    public static PreviousState absent() {
        return new PreviousState(Optional.empty());
    }

    public static PreviousState of(String listing) {
        return new PreviousState(Optional.of(listing));
    }

    /** The digest of the ruleset that was in force, if edgeplane wrote it. */
    public Optional<String> digest() {
        return listing.flatMap(NftTableReader::digestInListing);
    }
}
