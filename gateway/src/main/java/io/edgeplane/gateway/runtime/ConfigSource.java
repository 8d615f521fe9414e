package io.edgeplane.gateway.runtime;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/** Where the config is read from, on start and on every reload. */
public sealed interface ConfigSource {

    /** How problems and the start-up line name this source. */
    String label();

    EdgeplaneConfig load(ConfigLoader loader) throws InvalidConfigException;

    /** A file given with {@code --config}. */
    record File(Path path) implements ConfigSource {
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String label() {
            return path.toString();
        }

        @Override
        public EdgeplaneConfig load(ConfigLoader loader) throws InvalidConfigException {
            return loader.load(path);
        }
    }

    /** The config shipped inside the jar, used when no file is given. */
    record Embedded() implements ConfigSource {
        static final String RESOURCE = "/io/edgeplane/gateway/default.yaml";

        @Override
        public String label() {
            return "<embedded default>";
        }

        @Override
        public EdgeplaneConfig load(ConfigLoader loader) throws InvalidConfigException {
            return loader.parse(label(), text());
        }

        /** The default config's YAML, for printing and for tests. */
        public static String text() {
            try (InputStream in = ConfigSource.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is missing from the jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
