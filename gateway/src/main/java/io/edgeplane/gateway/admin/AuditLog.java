package io.edgeplane.gateway.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every change made through the admin API: who (user and address), what, when, and how it went. Each entry
 * goes to the process log, to the configured audit file (one JSON object a line, appended and forced to
 * disk before the answer is sent), and to a short in-memory list the API shows. Called off the event loops.
 */
final class AuditLog {

    private static final Logger log = LoggerFactory.getLogger("edgeplane.audit");
    /** Entries kept in memory for {@code GET /api/audit}. */
    static final int KEPT = 200;

    /** One change. */
    record Entry(Instant at, String user, String client, String action, String target, String outcome) {

        Entry {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(outcome, "outcome");
        }

        Map<String, Object> view() {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("at", at.toString());
            view.put("user", user);
            view.put("client", client);
            view.put("action", action);
            view.put("target", target);
            view.put("outcome", outcome);
            return view;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    private volatile Optional<Path> file = Optional.empty();

    /** Where entries are appended from now on; empty = the process log only. */
    void writeTo(Optional<Path> path) {
        file = Objects.requireNonNull(path, "path");
    }

    synchronized void record(Entry entry) {
        log.info("admin: {} {} by {} from {}: {}", entry.action(), entry.target(), entry.user(), entry.client(),
                entry.outcome());
        if (recent.size() == KEPT) {
            recent.removeFirst();
        }
        recent.addLast(entry);
        Optional<Path> path = file;
        if (path.isPresent()) {
            append(path.get(), entry);
        }
    }

    private void append(Path path, Entry entry) {
        try {
            byte[] line = (json.writeValueAsString(entry.view()) + "\n").getBytes(StandardCharsets.UTF_8);
            Files.write(path, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE,
                    StandardOpenOption.DSYNC);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit entry is plain strings and always serialisable", e);
        } catch (IOException e) {
            // The change is made already; the process log above has it, and the operator must hear of the file.
            log.error("admin: cannot append to the audit log {}: {}", path, e.toString());
        }
    }

    /** The last entries, oldest first. */
    synchronized List<Entry> recent() {
        return List.copyOf(recent);
    }
}
