package io.edgeplane.config.bind;

import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Optional;

/** How record component names become YAML keys, and the "did you mean" hint for a misspelt key. */
public final class KeyNames {

    private KeyNames() {
    }

    /** The YAML key of a record component: its {@link Key} if it has one, else its name in snake_case. */
    public static String keyOf(RecordComponent component) {
        Key key = component.getAnnotation(Key.class);
        return key != null ? key.value() : toKey(component.getName());
    }

    /** {@code shutdownGrace} → {@code shutdown_grace}. */
    public static String toKey(String componentName) {
        StringBuilder key = new StringBuilder(componentName.length() + 4);
        for (int i = 0; i < componentName.length(); i++) {
            char c = componentName.charAt(i);
            if (Character.isUpperCase(c)) {
                key.append('_').append(Character.toLowerCase(c));
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    /** The known key closest to {@code unknown}, if it is close enough to be a typo. */
    static Optional<String> closest(String unknown, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = distance(unknown.toLowerCase(java.util.Locale.ROOT), candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(1, Math.min(3, unknown.length() / 3));
        boolean dashedForm = best != null && unknown.replace('-', '_').equalsIgnoreCase(best);
        return best != null && (bestDistance <= allowed || dashedForm) ? Optional.of(best) : Optional.empty();
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transposition. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
