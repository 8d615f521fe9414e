package io.edgeplane.dns.zone;

import java.util.Map;

/**
 * Finds the longest domain in a fixed set that a name is, or is under, without building a substring per
 * label: suffix hashes are computed right to left in one pass, the same hash {@link String#hashCode} gives the
 * suffix, and probed in an open-addressed table.
 *
 * @param <V> what each domain maps to
 */
final class SuffixTable<V> {

    private final String[] keys;
    private final int[] hashes;
    private final Object[] values;
    private final int mask;
    private final int longestKey;

    /** A table of {@code entries}, keyed by canonical domain names. */
    SuffixTable(Map<String, V> entries) {
        int capacity = Integer.highestOneBit(Math.max(4, entries.size() * 2 + 1) - 1) << 1;
        keys = new String[capacity];
        hashes = new int[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        int longest = 0;
        for (Map.Entry<String, V> entry : entries.entrySet()) {
            String key = entry.getKey();
            int hash = key.hashCode();
            int i = spread(hash) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            hashes[i] = hash;
            values[i] = entry.getValue();
            longest = Math.max(longest, key.length());
        }
        longestKey = longest;
    }

    /**
     * The value of the longest key that equals {@code name} or is a suffix of it starting at a label, so
     * {@code app1.local} matches {@code x.app1.local} but not {@code xapp1.local}; {@code null} if none.
     */
    @SuppressWarnings("unchecked")
    V longestMatch(String name) {
        if (longestKey == 0) {
            return null;
        }
        int n = name.length();
        int hash = 0;
        int power = 1;
        Object best = null;
        for (int k = n - 1; k >= 0; k--) {
            hash += name.charAt(k) * power;
            power *= 31;
            if (k == 0 || name.charAt(k - 1) == '.') {
                int length = n - k;
                if (length > longestKey) {
                    break;
                }
                Object found = probe(hash, name, k, length);
                if (found != null) {
                    // Going right to left, a later match is a longer, more specific domain.
                    best = found;
                }
            }
        }
        return (V) best;
    }

    private Object probe(int hash, String name, int from, int length) {
        for (int i = spread(hash) & mask; keys[i] != null; i = (i + 1) & mask) {
            String key = keys[i];
            if (hashes[i] == hash && key.length() == length && name.regionMatches(from, key, 0, length)) {
                return values[i];
            }
        }
        return null;
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
