package io.edgeplane.core.lifecycle;

import io.edgeplane.config.EdgeplaneConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The node's name: the config's {@code node.name}, or the machine's host name, read without DNS. */
public final class NodeName {

    private NodeName() {
    }

    public static String of(EdgeplaneConfig config) {
        return config.node().name().orElseGet(NodeName::hostName);
    }

    static String hostName() {
        try {
            String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or /proc not mounted: fall through
        }
        String env = System.getenv("HOSTNAME");
        return env != null && !env.isBlank() ? env.strip() : "edgeplane";
    }
}
