package io.edgeplane.firewall.ruleset;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A ruleset written out in the form {@code nft list table} prints, which nft also reads back.
 *
 * @param text    the table, from {@code table inet edgeplane {} to its closing brace, with a final newline
 * @param digest  what identifies the ruleset: a hash of the text without its comment line, which carries it, so the
 *                kernel's table says which ruleset it holds
 * @param origins for each line of {@code text} (index 0 = line 1), the config path that made it, or empty for
 *                lines of structure
 */
public record NftListing(String text, String digest, List<Optional<String>> origins) {

    public NftListing {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(digest, "digest");
        origins = List.copyOf(origins);
    }

    /** What made line {@code line} (1-based) of the text, if anything in the config did. */
    public Optional<String> originOf(int line) {
        return line >= 1 && line <= origins.size() ? origins.get(line - 1) : Optional.empty();
    }
}
