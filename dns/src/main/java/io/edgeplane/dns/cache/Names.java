package io.edgeplane.dns.cache;

import java.util.Arrays;

/** Names in lower-case wire form: length-prefixed labels ending in the root's zero byte. */
final class Names {

    private Names() {
    }

    /** {@code www.example} → {@code 03 'www' 07 'example' 00}; "" is the root. The name is canonical. */
    static byte[] fromCanonical(String name) {
        if (name.isEmpty()) {
            return new byte[] {0};
        }
        byte[] wire = new byte[name.length() + 2];
        int at = 0;
        int start = 0;
        while (start <= name.length()) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            if (end == start || end - start > 63) {
                throw new IllegalArgumentException("'" + name + "' has a label of " + (end - start) + " bytes");
            }
            wire[at++] = (byte) (end - start);
            for (int i = start; i < end; i++) {
                wire[at++] = (byte) name.charAt(i);
            }
            start = end + 1;
        }
        wire[at] = 0;
        return wire;
    }

    /** Whether {@code name} is {@code domain} or below it; every name is below the root. */
    static boolean isWithin(byte[] name, byte[] domain) {
        int at = 0;
        while (at < name.length) {
            if (name.length - at == domain.length && Arrays.equals(name, at, name.length, domain, 0, domain.length)) {
                return true;
            }
            at += (name[at] & 0xFF) + 1;
        }
        return false;
    }
}
