package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.util.List;
import java.util.Objects;

/**
 * Static files from a directory (nginx's {@code root} and {@code index}), with ETag, Last-Modified, 304 and
 * Range. Nothing outside {@code root} is ever served: not through {@code ..}, encoded dots or symlinks.
 *
 * @param root  the directory
 * @param index file names tried for a path that names a directory
 */
public record FilesConfig(String root, @Default("index.html") List<String> index) implements Checked {

    public FilesConfig {
        Objects.requireNonNull(root, "root");
        index = List.copyOf(index);
    }

    @Override
    public void check(Checks checks) {
        checks.key("root").require(root.startsWith("/"), "'" + root + "' is not an absolute path", "such as /srv/www");
        for (int i = 0; i < index.size(); i++) {
            String name = index.get(i);
            checks.key("index").index(i).require(!name.isEmpty() && !name.contains("/"),
                    "'" + name + "' is not a file name", "such as index.html");
        }
    }
}
