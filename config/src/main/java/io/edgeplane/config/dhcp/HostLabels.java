package io.edgeplane.config.dhcp;

/** A host name as one DNS label (RFC 1123): what a lease's name is before the domain is added. */
public final class HostLabels {

    public static final String EXPECTED = "one label of 1 to 63 letters, digits and '-', not starting or ending "
            + "with '-', such as printer";
    public static final int MAX_LENGTH = 63;

    private HostLabels() {
    }

    public static boolean valid(String label) {
        if (label.isEmpty() || label.length() > MAX_LENGTH || label.charAt(0) == '-'
                || label.charAt(label.length() - 1) == '-') {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
