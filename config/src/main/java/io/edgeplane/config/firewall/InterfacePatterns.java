package io.edgeplane.config.firewall;

import io.edgeplane.config.value.InterfaceNames;

/**
 * Interface names in firewall rules, which may end in {@code *} to match every interface with that prefix
 * ({@code br-*}, {@code veth*}), as nftables does; iptables' {@code docker+} is written {@code docker*}.
 */
public final class InterfacePatterns {

    public static final String EXPECTED = InterfaceNames.EXPECTED + ", or a prefix and * such as br-*";

    private InterfacePatterns() {
    }

    public static boolean valid(String pattern) {
        if (pattern.endsWith("*")) {
            String prefix = pattern.substring(0, pattern.length() - 1);
            return plain(prefix);
        }
        return plain(pattern);
    }

    /** A name nftables takes between double quotes as it is: no wildcard, quote or escape inside. */
    private static boolean plain(String name) {
        return InterfaceNames.valid(name) && name.indexOf('*') < 0 && name.indexOf('"') < 0 && name.indexOf('\\') < 0;
    }
}
