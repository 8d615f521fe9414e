package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.DataSize;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * gzip for responses a client accepts it for (nginx's {@code gzip on; gzip_types ...; gzip_min_length}).
 * Never for a response that is already encoded, a partial one (206), or one too small to gain.
 *
 * @param gzip    whether to compress at all
 * @param types   media types to compress; empty = text/html, text/plain, text/css, text/javascript,
 *                application/javascript, application/json, application/xml, image/svg+xml
 * @param minSize responses whose Content-Length is under this are sent as they are
 * @param level   gzip level, 1 (fastest) to 9 (smallest)
 */
public record CompressionConfig(@Default("true") boolean gzip, List<String> types, @Default("1KiB") DataSize minSize,
                                @Default("5") int level) implements Checked {

    public static final List<String> DEFAULT_TYPES = List.of("text/html", "text/plain", "text/css", "text/javascript",
            "application/javascript", "application/json", "application/xml", "image/svg+xml");

    public CompressionConfig {
        types = types.stream().map(t -> t.strip().toLowerCase(Locale.ROOT)).toList();
        Objects.requireNonNull(minSize, "minSize");
    }

    /** The media types compressed, the defaults when none are listed. */
    public List<String> effectiveTypes() {
        return types.isEmpty() ? DEFAULT_TYPES : types;
    }

    @Override
    public void check(Checks checks) {
        checks.key("level").require(level >= 1 && level <= 9, "level " + level + " is outside 1..9", "1..9");
        for (int i = 0; i < types.size(); i++) {
            checks.key("types").index(i).require(types.get(i).matches("[a-z0-9.+-]+/[a-z0-9.+*-]+"),
                    "'" + types.get(i) + "' is not a media type", "such as text/html or application/json");
        }
    }
}
