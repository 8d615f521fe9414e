package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import java.util.List;
import java.util.Map;

/**
 * Edits to one header section, applied in this order: {@code remove}, then {@code set} (replaces every
 * value), then {@code add} (adds a value). Values may hold nginx-style variables such as
 * {@code $remote_addr}, {@code $host}, {@code $scheme}, {@code $upstream_host}, {@code $node_name}. The
 * framing headers (Content-Length, Transfer-Encoding, Connection) are refused: edgeplane sets them itself.
 */
public record HeaderEditsConfig(List<String> remove, Map<String, String> set, Map<String, String> add) implements Checked {

    /** No edits. */
    public static final HeaderEditsConfig NONE = new HeaderEditsConfig(List.of(), Map.of(), Map.of());

    public HeaderEditsConfig {
        remove = List.copyOf(remove);
        set = Map.copyOf(set);
        add = Map.copyOf(add);
    }

    public boolean isEmpty() {
        return remove.isEmpty() && set.isEmpty() && add.isEmpty();
    }

    @Override
    public void check(Checks checks) {
        for (int i = 0; i < remove.size(); i++) {
            checkName(checks.key("remove").index(i), remove.get(i));
        }
        checkValues(checks.key("set"), set);
        checkValues(checks.key("add"), add);
    }

    /** A header name that an edit may touch: a token, and not one that frames the message. */
    static void checkName(Checks checks, String name) {
        if (checks.require(HeaderNames.isToken(name), "'" + name + "' is not a header name", HeaderNames.EXPECTED)) {
            checks.require(!HeaderNames.isFraming(name), HeaderNames.framingMessage(name), HeaderNames.NOT_FRAMING);
        }
    }

    private static void checkValues(Checks checks, Map<String, String> headers) {
        headers.forEach((name, value) -> {
            checkName(checks.key(name), name);
            checks.key(name).require(value.chars().noneMatch(c -> c == '\r' || c == '\n' || c == 0),
                    "the value of " + name + " holds a line break or NUL", "a single-line value");
            RequestVariables.parse(value).unknown().ifPresent(unknown -> checks.key(name).error(
                    "unknown variable $" + unknown + " (write $$ for a literal $)", RequestVariables.EXPECTED));
        });
    }
}
