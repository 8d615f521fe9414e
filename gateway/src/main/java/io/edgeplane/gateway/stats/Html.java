package io.edgeplane.gateway.stats;

/**
 * An HTML document being written. Markup this package writes goes through {@link #raw}; every string that
 * came from config or operators goes through {@link #text} or {@link #attr}, which escape it, so a pool
 * named {@code <script>} shows as text.
 */
final class Html {

    private final StringBuilder out = new StringBuilder(32 * 1024);

    /** Appends markup as is: only for literals of this package, never for names from config. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends text, escaped. */
    Html text(String text) {
        out.append(escape(text));
        return this;
    }

    /** Appends {@code  name="value"} with the value escaped; for use between {@code <tag} and {@code >}. */
    Html attr(String name, String value) {
        out.append(' ').append(name).append("=\"").append(escape(value)).append('"');
        return this;
    }

    /** Appends a table cell holding the text, escaped. */
    Html cell(String text) {
        return raw("<td>").text(text).raw("</td>");
    }

    /** Appends a right-aligned table cell for a number or a measure. */
    Html num(String text) {
        return raw("<td class=\"n\">").text(text).raw("</td>");
    }

    /**
     * Escapes the five characters that could end text or an attribute value, so the same escaping is safe
     * in both places (quotes too, for attributes quoted either way).
     */
    static String escape(String text) {
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String entity = switch (c) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (entity != null && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escaped != null) {
                if (entity != null) {
                    escaped.append(entity);
                } else {
                    escaped.append(c);
                }
            }
        }
        return escaped == null ? text : escaped.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
