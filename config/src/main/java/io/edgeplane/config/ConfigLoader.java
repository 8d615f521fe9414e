package io.edgeplane.config;

import io.edgeplane.config.bind.ConfigBinder;
import io.edgeplane.config.bind.ScalarTypes;
import io.edgeplane.config.yaml.Mark;
import io.edgeplane.config.yaml.VariableExpander;
import io.edgeplane.config.yaml.YamlNode;
import io.edgeplane.config.yaml.YamlTreeReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a config file into an {@link EdgeplaneConfig}: YAML with positions, {@code ${VAR}} expansion,
 * binding onto the records, then every record's checks. Either the whole config is valid, or an
 * {@link InvalidConfigException} lists every problem found, in file order. Safe to share between threads.
 */
public final class ConfigLoader {

    private final YamlTreeReader reader;
    private final ScalarTypes scalars;

    public ConfigLoader(Variables variables) {
        this.reader = new YamlTreeReader(new VariableExpander(Objects.requireNonNull(variables, "variables")));
        this.scalars = ScalarTypes.standard();
    }

    /** Loads {@code file}; problems name it as given, so a relative path stays relative. */
    public EdgeplaneConfig load(Path file) throws InvalidConfigException {
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw single(source, "no such file");
        } catch (CharacterCodingException e) {
            throw single(source, "the file is not UTF-8 text");
        } catch (IOException e) {
            throw single(source, "cannot read the file: " + e.getMessage());
        }
        return parse(source, text);
    }

    /** Parses {@code text}, naming it {@code source} in problems. */
    public EdgeplaneConfig parse(String source, String text) throws InvalidConfigException {
        ProblemList problems = new ProblemList(source);
        Optional<YamlNode> root = reader.read(text, problems);
        Optional<EdgeplaneConfig> config = root.flatMap(node -> new ConfigBinder(scalars, problems).bind(node, EdgeplaneConfig.class));
        if (config.isEmpty() || !problems.isEmpty()) {
            throw new InvalidConfigException(problems.sorted());
        }
        return config.get();
    }

    private static InvalidConfigException single(String source, String message) {
        ProblemList problems = new ProblemList(source);
        problems.add(Mark.START, "", message);
        return new InvalidConfigException(problems.sorted());
    }
}
