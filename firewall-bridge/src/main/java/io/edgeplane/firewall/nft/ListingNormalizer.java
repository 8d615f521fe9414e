package io.edgeplane.firewall.nft;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Brings a table listing to a form in which the same ruleset always reads the same, whoever printed it: nft lists set
 * elements by value and wraps long lists over several lines, prints counters' values unless asked not to, and lists
 * the members a dynamic set has gathered. Applied to both sides of a {@link ListingDiff}.
 *
 * <ul>
 *   <li>an {@code elements = { ... }} list wrapped over several lines is joined to one line, and its elements are
 *       sorted (as text), so order and wrapping do not count;</li>
 *   <li>a dynamic set ({@code flags dynamic}) loses its {@code elements}: those are traffic, not config;</li>
 *   <li>{@code counter packets N bytes M} becomes {@code counter}, as {@code nft -s} prints it;</li>
 *   <li>trailing white space goes.</li>
 * </ul>
 */
public final class ListingNormalizer {

    private static final Pattern COUNTER = Pattern.compile("\\bcounter packets \\d+ bytes \\d+");
    private static final Pattern SET_START = Pattern.compile("^\\s*set \\S+ \\{$");
    private static final String ELEMENTS = "elements = {";

    /** The listing normalised, one line per line, each ending in a newline. */
    public String normalize(String listing) {
        Objects.requireNonNull(listing, "listing");
        List<String> lines = listing.lines().map(String::stripTrailing).toList();
        StringBuilder out = new StringBuilder();
        boolean inSet = false;
        boolean dynamic = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith(ELEMENTS)) {
                StringBuilder joined = new StringBuilder(line);
                while (!closes(joined) && i + 1 < lines.size()) {
                    joined.append(' ').append(lines.get(++i).strip());
                }
                if (inSet && dynamic) {
                    continue;
                }
                line = sortElements(joined.toString());
            } else if (SET_START.matcher(line).matches()) {
                inSet = true;
                dynamic = false;
            } else if (inSet && line.strip().startsWith("flags ")) {
                dynamic = List.of(line.strip().substring("flags ".length()).split(",")).contains("dynamic");
            } else if (inSet && line.strip().equals("}")) {
                inSet = false;
            }
            out.append(COUNTER.matcher(line).replaceAll("counter")).append('\n');
        }
        return out.toString();
    }

    /** Whether the braces of an elements list are closed (outside quoted names). */
    private static boolean closes(CharSequence text) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '{') {
                depth++;
            } else if (!quoted && c == '}') {
                depth--;
                if (depth == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String sortElements(String line) {
        int open = line.indexOf('{');
        int close = line.lastIndexOf('}');
        if (open < 0 || close < open) {
            return line;
        }
        List<String> elements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        int depth = 0;
        for (char c : line.substring(open + 1, close).toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && (c == '{' || c == '(')) {
                depth++;
            } else if (!quoted && (c == '}' || c == ')')) {
                depth--;
            }
            if (c == ',' && !quoted && depth == 0) {
                elements.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            elements.add(current.toString().strip());
        }
        elements.removeIf(String::isEmpty);
        elements.sort(null);
        return line.substring(0, open + 1) + " " + String.join(", ", elements) + " " + line.substring(close);
    }
}
