package io.edgeplane.config.dns;

import java.util.Locale;

/** What a name in the {@code dns:} section must look like, and its one written form. */
public final class DnsNames {

    public static final String EXPECTED = "a domain name such as app1.local: labels of letters, digits, '-' and '_', "
            + "each 1..63 characters, 253 at most in all";

    private DnsNames() {
    }

    /** Whether {@code name} (without a trailing dot, or with one) is a valid DNS name. */
    public static boolean valid(String name) {
        String bare = strip(name);
        if (bare.isEmpty() || bare.length() > 253) {
            return false;
        }
        for (String label : bare.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                // '_' for SRV and DKIM-style owners (_http._tcp); names are otherwise LDH.
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@code App1.Local.} → {@code app1.local}: lower case, no trailing dot. */
    public static String canonical(String name) {
        return strip(name).toLowerCase(Locale.ROOT);
    }

    private static String strip(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
