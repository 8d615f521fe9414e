package io.edgeplane.config;

import io.edgeplane.config.bind.Default;
import java.util.Objects;

/**
 * The process log, written to standard output.
 *
 * @param format {@code text} for readable lines, {@code json} for one JSON object a line
 * @param level  the least severe level written
 */
public record LoggingConfig(@Default("text") Format format, @Default("info") Level level) {

    public LoggingConfig {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(level, "level");
    }

    /** How each log line is written. */
    public enum Format { TEXT, JSON }

    /** Log levels, most severe first. */
    public enum Level { ERROR, WARN, INFO, DEBUG, TRACE }
}
