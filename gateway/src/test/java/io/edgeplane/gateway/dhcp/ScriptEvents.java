package io.edgeplane.gateway.dhcp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The events a DHCP client's script recorded: one block of {@code KEY=VALUE} lines per call, the first
 * {@code event=REASON}, the last {@code end}. The script appends a block in several writes, so a block without its
 * {@code end} is still being written and is not read yet. Keys are the same for every client (the scripts
 * translate): {@code ip subnet router dns domain lease serverid hostname}.
 */
final class ScriptEvents {

    static final String END = "end";

    /** One call of the script: why the client called it and what it passed. */
    record Event(String reason, Map<String, String> values) {

        /** A value the client passed, absent when empty. */
        Optional<String> get(String key) {
            return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
        }

        @Override
        public String toString() {
            return reason + values;
        }
    }

    private final Path file;

    ScriptEvents(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    Path file() {
        return file;
    }

    /** Every complete event so far, oldest first. */
    List<Event> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException none) {
            return List.of();
        }
        List<Event> events = new ArrayList<>();
        String reason = null;
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.equals(END)) {
                if (reason != null) {
                    events.add(new Event(reason, Map.copyOf(values)));
                }
                reason = null;
                values.clear();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String key = line.substring(0, eq);
            String value = line.substring(eq + 1);
            if (key.equals("event")) {
                reason = value;
            } else {
                values.put(key, value);
            }
        }
        return events;
    }

    /**
     * Waits for the first event after the first {@code skip} ones that {@code which} accepts, polling every 20 ms,
     * and fails with {@code context} (the client's log, say) if none comes within {@code timeout}.
     */
    Event await(int skip, Predicate<Event> which, Duration timeout, String what, Supplier<String> context)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Event> events = read();
            for (Event event : events.subList(Math.min(skip, events.size()), events.size())) {
                if (which.test(event)) {
                    return event;
                }
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("no " + what + " event within " + timeout.toMillis() + " ms; events: "
                        + events + "\n" + context.get());
            }
            Thread.sleep(20);
        }
    }
}
