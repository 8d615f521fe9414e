package io.edgeplane.config.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The nginx-style per-request variables a header value or response body may hold ({@code $remote_addr},
 * {@code $host}, ...). {@code $$} writes a literal {@code $}; a {@code $} not followed by a name is literal.
 */
public final class RequestVariables {

    /** Every variable name, as written after the {@code $}. */
    public static final Set<String> NAMES = Set.of(
            "remote_addr", "remote_port", "host", "scheme", "request_method", "request_uri", "uri", "args",
            "server_port", "node_name", "upstream_host", "upstream_addr", "http_host", "listener");

    public static final String EXPECTED = "one of $" + String.join(", $", NAMES.stream().sorted().toList());

    private RequestVariables() {
    }

    /** A piece of a template: literal text, or a variable's name. */
    public record Piece(String text, boolean variable) {
    }

    /** The template split into pieces, or the first unknown variable's name. */
    public static Parsed parse(String template) {
        List<Piece> pieces = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 < template.length() && template.charAt(i + 1) == '$') {
                literal.append('$');
                i += 2;
                continue;
            }
            int end = i + 1;
            while (end < template.length() && isNameChar(template.charAt(end))) {
                end++;
            }
            if (end == i + 1) {
                literal.append('$');
                i++;
                continue;
            }
            String name = template.substring(i + 1, end);
            if (!NAMES.contains(name)) {
                return new Parsed(List.of(), Optional.of(name));
            }
            if (!literal.isEmpty()) {
                pieces.add(new Piece(literal.toString(), false));
                literal.setLength(0);
            }
            pieces.add(new Piece(name, true));
            i = end;
        }
        if (!literal.isEmpty()) {
            pieces.add(new Piece(literal.toString(), false));
        }
        return new Parsed(List.copyOf(pieces), Optional.empty());
    }

    private static boolean isNameChar(char c) {
        return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
    }

    /** A parsed template: its pieces, or the unknown variable that made it invalid. */
    public record Parsed(List<Piece> pieces, Optional<String> unknown) {
    }
}
