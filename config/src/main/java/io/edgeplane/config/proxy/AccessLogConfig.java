package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Default;
import java.util.Objects;
import java.util.Optional;

/**
 * The access log: one line per request, written from a queue by its own thread.
 *
 * @param path   the file; absent = standard output. Reopened on SIGUSR1 for log rotation.
 * @param format {@code json} lines, or the {@code combined} format nginx and Apache write
 */
public record AccessLogConfig(Optional<String> path, @Default("json") Format format) {

    public AccessLogConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(format, "format");
    }

    /** Line formats. */
    public enum Format { JSON, COMBINED }
}
