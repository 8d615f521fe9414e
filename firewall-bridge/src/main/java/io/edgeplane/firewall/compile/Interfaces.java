package io.edgeplane.firewall.compile;

import java.util.List;

/** Interface names as nft writes them: quoted, an anonymous set sorted as nft lists it. */
final class Interfaces {

    private Interfaces() {
    }

    static List<String> elements(List<String> names) {
        return uncovered(names).stream().map(n -> "\"" + n + "\"").toList();
    }

    /** {@code iifname "eth0"} or {@code iifname { "docker0", "eth0" }}; empty names match every interface. */
    static Selector selector(String key, List<String> names) {
        if (names.isEmpty()) {
            return Selector.NONE;
        }
        List<String> quoted = uncovered(names).stream().sorted().map(n -> "\"" + n + "\"").toList();
        return new Selector(key + " " + Addresses.oneOrSet(quoted), Family.ANY);
    }

    /**
     * Without repeats, and without the names a wildcard of the list already matches ({@code eth0} beside
     * {@code eth*}, {@code br-lan*} beside {@code br-*}): nft refuses such overlapping elements in a named set
     * ("conflicting intervals specified"), and merges them in an anonymous one.
     */
    static List<String> uncovered(List<String> names) {
        List<String> distinct = names.stream().distinct().toList();
        return distinct.stream().filter(name -> distinct.stream().noneMatch(wildcard -> !wildcard.equals(name)
                && wildcard.endsWith("*") && stem(name).startsWith(stem(wildcard)))).toList();
    }

    private static String stem(String name) {
        return name.endsWith("*") ? name.substring(0, name.length() - 1) : name;
    }
}
