package io.edgeplane.gateway.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's host name, read without a DNS lookup; the node's name when the config gives none. */
final class HostName {

    private HostName() {
    }

    static String local() {
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
