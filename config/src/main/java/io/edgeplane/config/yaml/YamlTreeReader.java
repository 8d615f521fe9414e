package io.edgeplane.config.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import io.edgeplane.config.ProblemList;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads one YAML document into a {@link YamlNode} tree with positions, using Jackson's streaming YAML
 * parser. Resolves anchors and aliases, merge keys ({@code <<: *base}) and {@code ${VAR}} references,
 * and reports duplicate keys, which Jackson alone would let through.
 */
public final class YamlTreeReader {

    private static final String MERGE_KEY = "<<";

    private final YAMLFactory factory = YAMLFactory.builder().build();
    private final VariableExpander expander;

    public YamlTreeReader(VariableExpander expander) {
        this.expander = Objects.requireNonNull(expander, "expander");
    }

    /**
     * The document's root, or empty if the text is not YAML (reported to {@code problems}). An empty
     * document reads as a {@link YamlNode.Null}.
     */
    public Optional<YamlNode> read(String text, ProblemList problems) {
        try (YAMLParser parser = factory.createParser(new StringReader(text))) {
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
            problems.add(markOf(e.getLocation()), "", "not valid YAML: " + describe(e));
            return Optional.empty();
        } catch (IOException e) {
            problems.add(Mark.START, "", "could not read the document: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String describe(StreamReadException e) {
        String message = e.getOriginalMessage();
        // SnakeYAML's messages carry their own multi-line excerpt; the first line says what is wrong.
        int newline = message.indexOf('\n');
        String first = (newline < 0 ? message : message.substring(0, newline)).strip();
        return first.isEmpty() ? message.strip() : first;
    }

    static Mark markOf(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return Mark.START;
        }
        return new Mark(location.getLineNr(), Math.max(1, location.getColumnNr()));
    }

    /** State for one document: the parser and the anchors defined so far. */
    private final class Document {
        private final YAMLParser parser;
        private final ProblemList problems;
        private final Map<String, YamlNode> anchors = new HashMap<>();

        Document(YAMLParser parser, ProblemList problems) {
            this.parser = parser;
            this.problems = problems;
        }

        /** Reads the value whose first token is current. */
        YamlNode readValue(String path) throws IOException {
            Mark mark = markOf(parser.currentTokenLocation());
            String anchor = parser.getCurrentAnchor();
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

        private YamlNode resolveAlias(String name, String path, Mark mark) {
            YamlNode target = anchors.get(name);
            if (target == null) {
                problems.add(mark, path, "alias *" + name + " refers to no anchor defined before it",
                        "an anchor &" + name + " earlier in the file");
                return new YamlNode.Null(mark);
            }
            return target;
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
