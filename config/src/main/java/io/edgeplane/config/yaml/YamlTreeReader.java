package io.edgeplane.config.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import io.edgeplane.config.ProblemList;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads one YAML document into a {@link YamlNode} tree with positions, using Jackson's streaming YAML
 * parser. Resolves anchors and aliases, merge keys ({@code <<: *base}) and {@code ${VAR}} references,
 * and reports duplicate keys, which Jackson alone would let through.
 */
public final class YamlTreeReader {

    private static final String MERGE_KEY = "<<";

    private final ScalarAnchorParser.Factory factory = new ScalarAnchorParser.Factory();
    private final VariableExpander expander;

    public YamlTreeReader(VariableExpander expander) {
        this.expander = Objects.requireNonNull(expander, "expander");
    }

    /**
     * The document's root, or empty if the text is not YAML (reported to {@code problems}). An empty
     * document reads as a {@link YamlNode.Null}.
     */
    public Optional<YamlNode> read(String text, ProblemList problems) {
        try (ScalarAnchorParser parser = factory.parserFor(text)) {
            Document document = new Document(parser, problems);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return Optional.of(new YamlNode.Null(Mark.START));
            }
            YamlNode root = document.readValue("");
            if (parser.nextToken() != null) {
                problems.add(markOf(parser.currentTokenLocation()), "",
                        "a config file holds one YAML document; found another after '---'");
                return Optional.empty();
            }
            return Optional.of(root);
        } catch (StreamReadException e) {
            // Jackson's location is where its last token ended; SnakeYAML's problem mark is where the fault is.
            if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
                problems.add(markOf(marked.getProblemMark()), "", "not valid YAML: " + describe(marked));
            } else {
                problems.add(markOf(e.getLocation()), "", "not valid YAML: " + describe(e));
            }
            return Optional.empty();
        } catch (TooLargeException e) {
            return Optional.empty();
        } catch (IOException e) {
            problems.add(Mark.START, "", "could not read the document: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String describe(StreamReadException e) {
        return firstLine(e.getOriginalMessage());
    }

    /**
     * SnakeYAML's message starts with its context ("while parsing a block mapping"), which does not say
     * what is wrong; the problem does, and the context is kept after it with where it started.
     */
    private static String describe(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? firstLine(e.getMessage()) : firstLine(e.getProblem());
        if (e.getContext() == null) {
            return problem;
        }
        String context = problem + ", " + firstLine(e.getContext());
        return e.getContextMark() == null ? context : context + " at " + markOf(e.getContextMark());
    }

    /** SnakeYAML's messages carry their own multi-line excerpt; the first line says what is wrong. */
    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String first = (newline < 0 ? message : message.substring(0, newline)).strip();
        return first.isEmpty() ? message.strip() : first;
    }

    /** SnakeYAML counts lines and columns from 0. */
    static Mark markOf(org.yaml.snakeyaml.error.Mark mark) {
        return new Mark(mark.getLine() + 1, mark.getColumn() + 1);
    }

    static Mark markOf(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return Mark.START;
        }
        return new Mark(location.getLineNr(), Math.max(1, location.getColumnNr()));
    }

    /**
     * How many nodes a document may hold once its aliases are expanded. An alias shares its target rather
     * than copying it, but everything after this reader walks the expanded tree, so a few lines of nested
     * aliases ("billion laughs") could otherwise make a config load run for ever.
     */
    static final long MAX_EXPANDED_NODES = 100_000;

    /** Stops reading a document whose aliases expand beyond {@link #MAX_EXPANDED_NODES}. */
    private static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException() {
            super(null, null);
        }
    }

    /** State for one document: the parser, the anchors defined so far, and the size once expanded. */
    private final class Document {
        private final ScalarAnchorParser parser;
        private final ProblemList problems;
        private final Map<String, YamlNode> anchors = new HashMap<>();
        private final Map<YamlNode, Long> sizes = new IdentityHashMap<>();
        private long expandedNodes;

        Document(ScalarAnchorParser parser, ProblemList problems) {
            this.parser = parser;
            this.problems = problems;
        }

        /** Reads the value whose first token is current. */
        YamlNode readValue(String path) throws IOException {
            Mark mark = markOf(parser.currentTokenLocation());
            count(1, mark);
            String anchor = parser.anchor();
            YamlNode node = switch (parser.currentToken()) {
                case START_OBJECT -> readMapping(path, mark);
                case START_ARRAY -> readSequence(path, mark);
                case VALUE_NULL -> new YamlNode.Null(mark);
                default -> parser.isCurrentAlias() ? resolveAlias(parser.getText(), path, mark) : readScalar(path, mark);
            };
            if (anchor != null && !parser.isCurrentAlias()) {
                anchors.put(anchor, node);
            }
            return node;
        }

        private YamlNode resolveAlias(String name, String path, Mark mark) throws TooLargeException {
            YamlNode target = anchors.get(name);
            if (target == null) {
                problems.add(mark, path, "alias *" + name + " refers to no anchor defined before it",
                        "an anchor &" + name + " earlier in the file");
                return new YamlNode.Null(mark);
            }
            count(sizeOf(target), mark);
            return target;
        }

        private void count(long nodes, Mark mark) throws TooLargeException {
            expandedNodes += nodes;
            if (expandedNodes > MAX_EXPANDED_NODES) {
                problems.add(mark, "", "the document expands to more than " + MAX_EXPANDED_NODES
                        + " nodes through its aliases", "aliases that do not nest into an exponential tree");
                throw new TooLargeException();
            }
        }

        /** Nodes in {@code node} once expanded; shared subtrees are measured once. */
        private long sizeOf(YamlNode node) {
            Long known = sizes.get(node);
            if (known != null) {
                return known;
            }
            long size = 1 + switch (node) {
                case YamlNode.Sequence sequence -> sequence.items().stream().mapToLong(this::sizeOf).sum();
                case YamlNode.Mapping mapping -> mapping.entries().stream().mapToLong(e -> sizeOf(e.value())).sum();
                default -> 0L;
            };
            sizes.put(node, Math.min(size, MAX_EXPANDED_NODES + 1));
            return size;
        }

        private YamlNode readScalar(String path, Mark mark) throws IOException {
            String raw = parser.getText();
            String text = expander.expand(raw, mark, path, problems).orElse(raw);
            return new YamlNode.Scalar(text, mark);
        }

        private YamlNode readSequence(String path, Mark mark) throws IOException {
            List<YamlNode> items = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                items.add(readValue(path + "[" + items.size() + "]"));
            }
            return new YamlNode.Sequence(items, mark);
        }

        private YamlNode readMapping(String path, Mark mark) throws IOException {
            Map<String, YamlNode.Entry> explicit = new LinkedHashMap<>();
            List<YamlNode.Entry> merged = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                Mark keyMark = markOf(parser.currentTokenLocation());
                String childPath = path.isEmpty() ? key : path + "." + key;
                parser.nextToken();
                YamlNode value = readValue(childPath);
                if (MERGE_KEY.equals(key)) {
                    merge(value, childPath, merged);
                } else if (explicit.containsKey(key)) {
                    Mark first = explicit.get(key).keyMark();
                    problems.add(keyMark, childPath, "duplicate key '" + key + "' (first given at line "
                            + first.line() + ")", "each key once per mapping");
                } else {
                    explicit.put(key, new YamlNode.Entry(key, keyMark, value));
                }
            }
            // Keys written in the mapping win over merged ones, as in YAML's merge key type.
            List<YamlNode.Entry> entries = new ArrayList<>(explicit.values());
            for (YamlNode.Entry entry : merged) {
                if (entries.stream().noneMatch(e -> e.key().equals(entry.key()))) {
                    entries.add(entry);
                }
            }
            return new YamlNode.Mapping(entries, mark);
        }

        private void merge(YamlNode value, String path, List<YamlNode.Entry> into) {
            switch (value) {
                case YamlNode.Mapping mapping -> into.addAll(mapping.entries());
                case YamlNode.Sequence sequence -> sequence.items().forEach(item -> merge(item, path, into));
                default -> problems.add(value.mark(), path, "a merge key takes " + value.kindName(),
                        "a mapping or an alias of one, such as <<: *defaults");
            }
        }
    }
}
