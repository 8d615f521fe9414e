package io.edgeplane.firewall.compile;

import java.util.List;

/** Interface names as nft writes them: quoted, an anonymous set sorted as nft lists it. */
final class Interfaces {

    private Interfaces() {
    }

    static List<String> elements(List<String> names) {
        return names.stream().distinct().map(n -> "\"" + n + "\"").toList();
    }

    /** {@code iifname "eth0"} or {@code iifname { "docker0", "eth0" }}; empty names match every interface. */
    static Selector selector(String key, List<String> names) {
        if (names.isEmpty()) {
            return Selector.NONE;
        }
        List<String> quoted = names.stream().distinct().sorted().map(n -> "\"" + n + "\"").toList();
        return new Selector(key + " " + Addresses.oneOrSet(quoted), Family.ANY);
    }
}
