package io.edgeplane.config.yaml;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One node of a YAML document, with the position it started at. */
public sealed interface YamlNode {

    Mark mark();

    /** A word for the node's kind as a user reads it in an error: "a mapping", "a list", "a value". */
    String kindName();

    /** A plain value, its text after ${VAR} expansion; what type it is depends on the key it sits under. */
    record Scalar(String text, Mark mark) implements YamlNode {
        public Scalar {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(mark, "mark");
        }

        @Override
        public String kindName() {
            return "a value";
        }
    }

    /** An explicit null or an empty value ({@code key:} with nothing after it). */
    record Null(Mark mark) implements YamlNode {
        public Null {
            Objects.requireNonNull(mark, "mark");
        }

        @Override
        public String kindName() {
            return "an empty value";
        }
    }

    /** A list. */
    record Sequence(List<YamlNode> items, Mark mark) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
            Objects.requireNonNull(mark, "mark");
        }

        @Override
        public String kindName() {
            return "a list";
        }
    }

    /** A mapping whose keys are unique and in document order. */
    record Mapping(List<Entry> entries, Mark mark) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
            Objects.requireNonNull(mark, "mark");
        }

        public Optional<Entry> entry(String key) {
            for (Entry entry : entries) {
                if (entry.key().equals(key)) {
                    return Optional.of(entry);
                }
            }
            return Optional.empty();
        }

        @Override
        public String kindName() {
            return "a mapping";
        }
    }

    /** A key of a mapping, where the key was written, and its value. */
    record Entry(String key, Mark keyMark, YamlNode value) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(keyMark, "keyMark");
            Objects.requireNonNull(value, "value");
        }
    }
}
