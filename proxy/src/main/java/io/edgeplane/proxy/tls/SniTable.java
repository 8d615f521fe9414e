package io.edgeplane.proxy.tls;

import io.netty.handler.ssl.SslContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which context serves which SNI name: exact names first, then a wildcard for the name less its first label
 * ({@code *.example.com} serves {@code a.example.com}, not {@code a.b.example.com} or {@code example.com}),
 * then the default, which is the first certificate and also serves clients that send no name. When two
 * certificates claim a name, the one listed first wins. Immutable; a reload builds a new one.
 */
final class SniTable {

    /** A certificate with the context built for it. */
    record Entry(ServerCertificate certificate, SslContext context) {
        Entry {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(context, "context");
        }
    }

    private final List<Entry> entries;
    private final Map<String, SslContext> exact = new HashMap<>();
    /** By the name after {@code *.}. */
    private final Map<String, SslContext> wildcard = new HashMap<>();
    private final SslContext fallback;

    SniTable(List<Entry> entries) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("an SNI table needs at least one certificate");
        }
        this.entries = List.copyOf(entries);
        for (Entry entry : entries) {
            for (String name : entry.certificate().names()) {
                if (name.startsWith("*.")) {
                    wildcard.putIfAbsent(name.substring(2), entry.context());
                } else {
                    exact.putIfAbsent(name, entry.context());
                }
            }
        }
        this.fallback = entries.getFirst().context();
    }

    List<Entry> entries() {
        return entries;
    }

    /** The context for {@code hostname} as the client sent it (null when it sent none). */
    SslContext select(String hostname) {
        if (hostname == null || hostname.isEmpty()) {
            return fallback;
        }
        String name = normalise(hostname);
        SslContext found = exact.get(name);
        if (found != null) {
            return found;
        }
        int dot = name.indexOf('.');
        if (dot > 0) {
            found = wildcard.get(name.substring(dot + 1));
            if (found != null) {
                return found;
            }
        }
        return fallback;
    }

    /** Lower case, no trailing dot; without allocating for a name that is already so (the usual case). */
    private static String normalise(String hostname) {
        String name = hostname.endsWith(".") ? hostname.substring(0, hostname.length() - 1) : hostname;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return name.toLowerCase(java.util.Locale.ROOT);
            }
        }
        return name;
    }
}
