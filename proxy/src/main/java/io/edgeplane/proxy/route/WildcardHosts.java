package io.edgeplane.proxy.route;

import java.util.Map;

/**
 * The host groups of wildcard names, keyed by what follows {@code *.} ({@code example.com} for
 * {@code *.example.com}). A lookup names a suffix as a region of the request's host, so trying each of
 * a host's suffixes copies nothing: an open-addressing table hashes and compares the region in place,
 * which a {@link java.util.HashMap} keyed by String cannot.
 */
final class WildcardHosts {

    /** Null marks an empty slot; at most half the slots are used, so every probe ends. */
    private final String[] suffixes;
    private final PathTable[] tables;
    private final int mask;
    private final boolean empty;

    WildcardHosts(Map<String, PathTable> bySuffix) {
        int capacity = Integer.highestOneBit(Math.max(1, bySuffix.size()) * 2 - 1) << 1;
        suffixes = new String[capacity];
        tables = new PathTable[capacity];
        mask = capacity - 1;
        empty = bySuffix.isEmpty();
        bySuffix.forEach((suffix, table) -> {
            int slot = hash(suffix, 0) & mask;
            while (suffixes[slot] != null) {
                slot = (slot + 1) & mask;
            }
            suffixes[slot] = suffix;
            tables[slot] = table;
        });
    }

    /** True when no route names a wildcard, so a lookup need not try the host's suffixes. */
    boolean isEmpty() {
        return empty;
    }

    /** The group of the wildcard whose suffix is {@code host.substring(from)}, or null. */
    PathTable get(String host, int from) {
        int length = host.length() - from;
        for (int slot = hash(host, from) & mask; ; slot = (slot + 1) & mask) {
            String suffix = suffixes[slot];
            if (suffix == null) {
                return null;
            }
            if (suffix.length() == length && host.regionMatches(from, suffix, 0, length)) {
                return tables[slot];
            }
        }
    }

    private static int hash(String s, int from) {
        int h = 0;
        for (int i = from; i < s.length(); i++) {
            h = 31 * h + s.charAt(i);
        }
        // Spread the high bits into the low ones that the mask keeps.
        return h ^ (h >>> 16);
    }
}
