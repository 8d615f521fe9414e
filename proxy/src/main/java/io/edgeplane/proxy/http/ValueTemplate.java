package io.edgeplane.proxy.http;

import io.edgeplane.config.proxy.RequestVariables;
import java.util.List;

/**
 * A header value or body with nginx-style variables, split once when the config loads. A template
 * without variables renders to the same string every time, allocating nothing.
 */
public final class ValueTemplate {

    private final String constant;
    private final String[] texts;
    private final boolean[] variables;

    private ValueTemplate(String constant, String[] texts, boolean[] variables) {
        this.constant = constant;
        this.texts = texts;
        this.variables = variables;
    }

    /** Compiles a template the config has already validated. */
    public static ValueTemplate compile(String template) {
        RequestVariables.Parsed parsed = RequestVariables.parse(template);
        if (parsed.unknown().isPresent()) {
            throw new IllegalArgumentException("unknown variable $" + parsed.unknown().get() + " in '" + template + "'");
        }
        List<RequestVariables.Piece> pieces = parsed.pieces();
        if (pieces.stream().noneMatch(RequestVariables.Piece::variable)) {
            return new ValueTemplate(pieces.isEmpty() ? "" : pieces.getFirst().text(), null, null);
        }
        String[] texts = new String[pieces.size()];
        boolean[] variables = new boolean[pieces.size()];
        for (int i = 0; i < pieces.size(); i++) {
            texts[i] = pieces.get(i).text();
            variables[i] = pieces.get(i).variable();
        }
        return new ValueTemplate(null, texts, variables);
    }

    public boolean isConstant() {
        return constant != null;
    }

    public String render(VariableValues values) {
        if (constant != null) {
            return constant;
        }
        StringBuilder out = new StringBuilder(64);
        for (int i = 0; i < texts.length; i++) {
            out.append(variables[i] ? values.variable(texts[i]) : texts[i]);
        }
        return out.toString();
    }
}
