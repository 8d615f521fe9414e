package io.edgeplane.config.bind;

import io.edgeplane.config.ProblemList;
import io.edgeplane.config.yaml.Mark;
import io.edgeplane.config.yaml.YamlNode;

/**
 * Where a {@link Checked} record reports what is wrong: {@code checks.key("listen").error(…)} points at
 * that key's value in the file, or at the record itself when the key was left to its default.
 */
public final class Checks {

    private final YamlNode node;
    private final Mark fallback;
    private final String path;
    private final ProblemList problems;

    Checks(YamlNode node, Mark fallback, String path, ProblemList problems) {
        this.node = node;
        this.fallback = fallback;
        this.path = path;
        this.problems = problems;
    }

    /** The checks of a key below this one; {@code snake_case}, as written in YAML. */
    public Checks key(String key) {
        YamlNode child = node instanceof YamlNode.Mapping mapping
                ? mapping.entry(key).map(YamlNode.Entry::value).orElse(null)
                : null;
        return new Checks(child, mark(), path.isEmpty() ? key : path + "." + key, problems);
    }

    /** The checks of a list item below this one. */
    public Checks index(int index) {
        YamlNode child = node instanceof YamlNode.Sequence sequence && index < sequence.items().size()
                ? sequence.items().get(index)
                : null;
        return new Checks(child, mark(), path + "[" + index + "]", problems);
    }

    public void error(String message) {
        problems.add(mark(), path, message);
    }

    public void error(String message, String expected) {
        problems.add(mark(), path, message, expected);
    }

    /** Reports {@code message} unless {@code condition} holds; returns the condition. */
    public boolean require(boolean condition, String message, String expected) {
        if (!condition) {
            error(message, expected);
        }
        return condition;
    }

    private Mark mark() {
        return node != null ? node.mark() : fallback;
    }
}
