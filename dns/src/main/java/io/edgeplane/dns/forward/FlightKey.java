package io.edgeplane.dns.forward;

import java.util.Objects;

/**
 * What makes two queries the same one for merging: the name (DNS names compare without regard to ASCII case),
 * type, class and DO bit (a reply with signatures is not the answer to a query without DO, nor the other way).
 */
record FlightKey(String name, int qtype, int qclass, boolean dnssecOk) {

    FlightKey {
        Objects.requireNonNull(name, "name");
        name = asciiLowerCase(name);
    }

    /** Lower case for ASCII letters only: DNS folds no other characters (RFC 4343 §3). */
    static String asciiLowerCase(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] chars = name.toCharArray();
                for (int j = i; j < chars.length; j++) {
                    if (chars[j] >= 'A' && chars[j] <= 'Z') {
                        chars[j] += 32;
                    }
                }
                return new String(chars);
            }
        }
        return name;
    }
}
