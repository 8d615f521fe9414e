package io.edgeplane.firewall.nft;

import io.edgeplane.firewall.ruleset.Ruleset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads edgeplane's table ({@code inet edgeplane}) from the kernel through nft: its structure as JSON for
 * {@link TableVerifier}, and its stateless text ({@code nft -s list table}) for diffs and for putting it back.
 * A table that does not exist is absent, not an error.
 */
public final class NftTableReader {

    static final List<String> LIST_JSON = List.of("-j", "list", "table", Ruleset.FAMILY, Ruleset.TABLE);
    static final List<String> LIST_TEXT = List.of("-s", "list", "table", Ruleset.FAMILY, Ruleset.TABLE);

    private final NftCommand nft;
    private final KernelTableJson json = new KernelTableJson();

    public NftTableReader(NftCommand nft) {
        this.nft = Objects.requireNonNull(nft, "nft");
    }

    /**
     * The kernel's table, or empty if there is none.
     *
     * @throws NftException if nft cannot be run, fails for another reason than a missing table, or prints what
     *                      does not parse
     */
    public Optional<KernelTable> read() throws NftException {
        return readWithText().map(Reading::table);
    }

    /**
     * The kernel's table, with its text listing when reading it took one, so that a caller that needs the text too
     * (to put the table back later) does not list a large table twice. Empty if there is no table.
     *
     * @throws NftException as {@link #read()}
     */
    public Optional<Reading> readWithText() throws NftException {
        Optional<String> listing = list(LIST_JSON);
        if (listing.isEmpty()) {
            return Optional.empty();
        }
        KernelTable table = json.parse(listing.get(), Ruleset.FAMILY, Ruleset.TABLE);
        if (table.digest().isPresent()) {
            return Optional.of(new Reading(table, Optional.empty()));
        }
        // nft 1.0.6 prints no table comment in JSON: take the digest from the text listing's comment line.
        Optional<String> text = listText();
        return text.map(t -> new Reading(table.withDigest(digestInListing(t)), text));
    }

    /**
     * One reading of the kernel's table.
     *
     * @param table its structure
     * @param text  its {@code nft -s} listing, if the reading took one
     */
    public record Reading(KernelTable table, Optional<String> text) {
        public Reading {
            Objects.requireNonNull(table, "table");
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The table as {@code nft -s list table inet edgeplane} prints it (without counters' values), or empty if there
     * is none. nft reads this text back, which is how a previous ruleset is restored.
     */
    public Optional<String> listText() throws NftException {
        return list(LIST_TEXT);
    }

    /** The digest in a listing's table comment, the line right after {@code table inet edgeplane {}. */
    public static Optional<String> digestInListing(String text) {
        Objects.requireNonNull(text, "text");
        List<String> lines = text.lines().limit(2).toList();
        if (lines.size() < 2) {
            return Optional.empty();
        }
        String line = lines.get(1).strip();
        if (!line.startsWith("comment \"") || !line.endsWith("\"") || line.length() < "comment \"\"".length()) {
            return Optional.empty();
        }
        return KernelTable.digestOfComment(line.substring("comment \"".length(), line.length() - 1));
    }

    private Optional<String> list(List<String> arguments) throws NftException {
        NftResult result = nft.run(arguments, Optional.empty());
        if (result.succeeded()) {
            return Optional.of(result.stdout());
        }
        if (result.stderr().contains("No such file or directory")) {
            return Optional.empty();
        }
        throw new NftException("'nft " + String.join(" ", arguments) + "' failed with exit code " + result.exitCode()
                + ": " + (result.stderr().isBlank() ? "(nothing on stderr)" : result.stderr().strip()));
    }
}
