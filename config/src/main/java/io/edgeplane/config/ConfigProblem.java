package io.edgeplane.config;

import io.edgeplane.config.yaml.Mark;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing wrong with a config file, printed as {@code FILE:LINE:COL: key.path: message (expected: …)}
 * so editors and terminals can jump to it.
 *
 * @param source   the file name as the user gave it, or a label such as {@code <embedded default>}
 * @param mark     where the offending key or value starts
 * @param path     the dotted key path ({@code admin.listen}, {@code proxy.listeners[0].name}); empty at the root
 * @param message  what is wrong, naming the bad value
 * @param expected what would have been accepted, if that can be said briefly
 */
public record ConfigProblem(String source, Mark mark, String path, String message, Optional<String> expected) {

    public ConfigProblem {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(mark, "mark");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(expected, "expected");
    }

    @Override
    public String toString() {
        StringBuilder line = new StringBuilder(96)
                .append(source).append(':').append(mark.line()).append(':').append(mark.column()).append(": ");
        if (!path.isEmpty()) {
            line.append(path).append(": ");
        }
        line.append(message);
        expected.ifPresent(e -> line.append(" (expected: ").append(e).append(')'));
        return line.toString();
    }
}
