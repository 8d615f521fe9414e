package io.edgeplane.gateway.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The built distribution the interop tests run as a real process: {@code -Dedgeplane.dist.dir=DIR}, or else the
 * newest {@code gateway/target/edgeplane-*} directory of this checkout ({@code mvn -q -o package -DskipTests
 * -Djacoco.skip=true} builds it).
 */
public final class Distribution {

    private Distribution() {
    }

    /** The distribution directory, if one is built. */
    public static Optional<Path> directory() {
        String property = System.getProperty("edgeplane.dist.dir");
        if (property != null && !property.isBlank()) {
            Path dist = Path.of(property);
            return Files.isExecutable(dist.resolve("bin/edgeplane")) ? Optional.of(dist) : Optional.empty();
        }
        Path target = searchPath();
        if (!Files.isDirectory(target)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(target)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("edgeplane-"))
                    .filter(p -> Files.isExecutable(p.resolve("bin/edgeplane")))
                    .max(Comparator.comparing(p -> p.toFile().lastModified()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The launcher, {@code bin/edgeplane}; fails naming where it looked when there is no distribution. */
    public static Path launcher() {
        return directory().orElseThrow(() -> new IllegalStateException("no edgeplane distribution under "
                + searchPath())).resolve("bin/edgeplane");
    }

    /** Where {@link #directory()} looks: {@code gateway/target} beside this module. */
    public static Path searchPath() {
        Path here = Path.of("").toAbsolutePath();
        Path fromModule = here.resolveSibling("gateway").resolve("target");
        return Files.isDirectory(here.resolve("gateway")) ? here.resolve("gateway/target") : fromModule;
    }
}
