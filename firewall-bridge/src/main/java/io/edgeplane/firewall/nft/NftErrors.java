package io.edgeplane.firewall.nft;

import io.edgeplane.firewall.ruleset.NftListing;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what nft prints when it refuses a script into messages that name the config key behind the refused line:
 * {@code firewall.input.allow[2]: nft refused 'jump nowhere' at 'nowhere': Could not process rule: No such file or
 * directory}. nft reports each error as {@code /dev/stdin:LINE:FROM-TO: Error: MESSAGE}, followed by the line and a
 * row of carets under columns FROM to TO.
 */
public final class NftErrors {

    /** What stands for the config when no single key made the refused line. */
    static final String WHOLE_FIREWALL = "firewall";

    /** {@code FILE:LINE:FROM-TO: Error: MESSAGE}; a location across lines ({@code LINE:COL-LINE:COL}) is read too. */
    private static final Pattern LOCATED = Pattern.compile(
            "^(?<file>[^:\\s][^:]*):(?<line>\\d+):(?<from>\\d+)-(?:\\d+:)?(?<to>\\d+): Error: (?<message>.*)$");
    private static final Pattern UNLOCATED = Pattern.compile("^Error: (?<message>.*)$");

    private NftErrors() {
    }

    /**
     * The messages for nft's {@code stderr} after it refused a script made of {@code prependedLines} lines of our own
     * followed by {@code listing}'s text. Each error nft reports becomes one message; if stderr holds none that can be
     * read, it is passed on trimmed, as one message.
     */
    public static List<String> messages(String stderr, NftListing listing, int prependedLines) {
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(listing, "listing");
        if (prependedLines < 0) {
            throw new IllegalArgumentException("prependedLines must be 0 or more, got " + prependedLines);
        }
        List<String> listingLines = listing.text().lines().toList();
        List<String> lines = stderr.lines().toList();
        List<String> messages = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher located = LOCATED.matcher(lines.get(i));
            if (located.matches()) {
                int scriptLine = Integer.parseInt(located.group("line"));
                int listingLine = scriptLine - prependedLines;
                Optional<String> refused;
                if (listingLine >= 1 && listingLine <= listingLines.size()) {
                    refused = Optional.of(listingLines.get(listingLine - 1));
                } else if (scriptLine >= 1 && i + 1 < lines.size() && !LOCATED.matcher(lines.get(i + 1)).matches()
                        && !UNLOCATED.matcher(lines.get(i + 1)).matches()) {
                    refused = Optional.of(lines.get(i + 1)); // one of our own lines before the listing, as nft echoes it
                } else {
                    refused = Optional.empty(); // nft's "internal:0:0-0", a location in no line
                }
                String origin = listing.originOf(listingLine).orElse(WHOLE_FIREWALL);
                messages.add(describe(origin, refused, Integer.parseInt(located.group("from")),
                        Integer.parseInt(located.group("to")), located.group("message")));
                continue;
            }
            Matcher unlocated = UNLOCATED.matcher(lines.get(i));
            if (unlocated.matches()) {
                messages.add(WHOLE_FIREWALL + ": nft: " + unlocated.group("message").strip());
            }
        }
        if (messages.isEmpty()) {
            String trimmed = stderr.strip();
            messages.add(trimmed.isEmpty() ? WHOLE_FIREWALL + ": nft failed and printed nothing on stderr" : trimmed);
        }
        return List.copyOf(messages);
    }

    private static String describe(String origin, Optional<String> line, int from, int to, String message) {
        if (line.isEmpty() || line.get().isBlank()) {
            return origin + ": nft: " + message.strip();
        }
        String statement = line.get().strip();
        StringBuilder text = new StringBuilder(origin).append(": nft refused '").append(statement).append('\'');
        // nft's columns are 1-based and inclusive; name the part it points at when that is not the whole line.
        String raw = line.get();
        if (from >= 1 && to >= from && to <= raw.length()) {
            String marked = raw.substring(from - 1, to).strip();
            if (!marked.isEmpty() && !marked.equals(statement)) {
                text.append(" at '").append(marked).append('\'');
            }
        }
        return text.append(": ").append(message.strip()).toString();
    }
}
