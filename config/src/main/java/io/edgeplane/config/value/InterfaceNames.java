package io.edgeplane.config.value;

/** Network interface names as the Linux kernel accepts them ({@code dev_valid_name}). */
public final class InterfaceNames {

    /** IFNAMSIZ is 16 bytes with the terminating NUL. */
    public static final int MAX_LENGTH = 15;

    public static final String EXPECTED = "an interface name of 1 to 15 characters without '/', ':' or spaces, such as eth0";

    private InterfaceNames() {
    }

    public static boolean valid(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }
}
