package io.edgeplane.vrrp.track;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The system programs the runner leans on (setsid, setpriv, id), looked for where distributions put them. */
final class Programs {

    static final List<String> DIRECTORIES = List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin");

    private Programs() {
    }

    static Optional<String> find(String name) {
        for (String directory : DIRECTORIES) {
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }
}
