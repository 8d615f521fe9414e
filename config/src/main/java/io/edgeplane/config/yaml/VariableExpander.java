package io.edgeplane.config.yaml;

import io.edgeplane.config.ProblemList;
import io.edgeplane.config.Variables;
import java.util.Objects;
import java.util.Optional;

/**
 * Expands {@code ${NAME}}, {@code ${NAME:-default}} (default when unset or empty) and
 * {@code ${NAME-default}} (default when unset) in scalar values, as a shell does. {@code $${} writes a
 * literal {@code ${}. A bare {@code $name} is left alone: it is a per-request variable, read later.
 */
public final class VariableExpander {

    private static final String EXPECTED = "${NAME}, ${NAME:-default} or $${ for a literal ${";

    private final Variables variables;

    public VariableExpander(Variables variables) {
        this.variables = Objects.requireNonNull(variables, "variables");
    }

    /** The expanded text, or empty after reporting what could not be expanded. */
    public Optional<String> expand(String text, Mark mark, String path, ProblemList problems) {
        if (text.indexOf('$') < 0) {
            return Optional.of(text);
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        boolean ok = true;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '$' && text.startsWith("$${", i)) {
                out.append("${");
                i += 3;
            } else if (c == '$' && text.startsWith("${", i)) {
                int end = text.indexOf('}', i + 2);
                if (end < 0) {
                    problems.add(mark, path, "unterminated variable reference in '" + text + "'", EXPECTED);
                    return Optional.empty();
                }
                ok &= substitute(text.substring(i + 2, end), mark, path, problems, out);
                i = end + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return ok ? Optional.of(out.toString()) : Optional.empty();
    }

    private boolean substitute(String reference, Mark mark, String path, ProblemList problems, StringBuilder out) {
        int colonDash = reference.indexOf(":-");
        int dash = reference.indexOf('-');
        String name;
        String fallback = null;
        boolean emptyCountsAsUnset = false;
        if (colonDash >= 0 && (dash < 0 || colonDash < dash)) {
            name = reference.substring(0, colonDash);
            fallback = reference.substring(colonDash + 2);
            emptyCountsAsUnset = true;
        } else if (dash >= 0) {
            name = reference.substring(0, dash);
            fallback = reference.substring(dash + 1);
        } else {
            name = reference;
        }
        if (!isVariableName(name)) {
            problems.add(mark, path, "'${" + reference + "}' does not name an environment variable", EXPECTED);
            return false;
        }
        Optional<String> value = variables.lookup(name);
        if (emptyCountsAsUnset) {
            value = value.filter(v -> !v.isEmpty());
        }
        if (value.isPresent()) {
            out.append(value.get());
        } else if (fallback != null) {
            out.append(fallback);
        } else {
            problems.add(mark, path, "environment variable " + name + " is not set",
                    "set " + name + ", or give a default as ${" + name + ":-value}");
            return false;
        }
        return true;
    }

    private static boolean isVariableName(String name) {
        if (name.isEmpty() || !(Character.isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
