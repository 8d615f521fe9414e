package io.edgeplane.config.value;

import java.util.HexFormat;
import java.util.Objects;

/**
 * An Ethernet (48-bit) hardware address, written as six pairs of hex digits separated by {@code :} or {@code -}
 * ({@code 52:54:00:12:34:56}), as dnsmasq's {@code dhcp-host} takes it. Held in its canonical lower-case,
 * colon-separated form, so two spellings of one address are equal.
 *
 * @param text the canonical form
 */
public record MacAddress(String text) {

    public static final String EXPECTED = "a MAC address of six hex pairs, such as 52:54:00:12:34:56";
    private static final int LENGTH = 6;

    public MacAddress {
        Objects.requireNonNull(text, "text");
        if (!canonical(text)) {
            throw new IllegalArgumentException("'" + text + "' is not a canonical MAC address; expected " + EXPECTED);
        }
    }

    public static MacAddress parse(String text) throws InvalidValueException {
        String s = text.strip();
        if (s.length() != LENGTH * 3 - 1) {
            throw invalid(text);
        }
        char separator = s.charAt(2);
        if (separator != ':' && separator != '-') {
            throw invalid(text);
        }
        StringBuilder canonical = new StringBuilder(s.length());
        for (int i = 0; i < LENGTH; i++) {
            int at = i * 3;
            if (!isHex(s.charAt(at)) || !isHex(s.charAt(at + 1)) || (i < LENGTH - 1 && s.charAt(at + 2) != separator)) {
                throw invalid(text);
            }
            if (i > 0) {
                canonical.append(':');
            }
            canonical.append(Character.toLowerCase(s.charAt(at))).append(Character.toLowerCase(s.charAt(at + 1)));
        }
        return new MacAddress(canonical.toString());
    }

    /** The six bytes. */
    public byte[] bytes() {
        return HexFormat.ofDelimiter(":").parseHex(text);
    }

    @Override
    public String toString() {
        return text;
    }

    private static boolean canonical(String text) {
        if (text.length() != LENGTH * 3 - 1) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The binder adds {@link #EXPECTED} after the message, so the message only names the bad value. */
    private static InvalidValueException invalid(String text) {
        return new InvalidValueException("'" + text + "' is not a MAC address");
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
