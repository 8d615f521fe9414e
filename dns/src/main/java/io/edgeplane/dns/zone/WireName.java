package io.edgeplane.dns.zone;

/**
 * A domain name in wire form (RFC 1035 §3.1): length-prefixed labels ending in the root's zero byte, never
 * compressed, because RDATA built once is copied into many messages at different offsets.
 */
public final class WireName {

    private WireName() {
    }

    /** {@code app1.local} → {@code 04 'app1' 05 'local' 00}; the name is canonical and valid. */
    static byte[] encode(String name) {
        byte[] out = new byte[length(name)];
        write(name, out, 0);
        return out;
    }

    /** How many bytes {@link #write} puts down for {@code name}. */
    static int length(String name) {
        // Each dot becomes a length byte; one more for the first label and one for the root.
        return name.isEmpty() ? 1 : name.length() + 2;
    }

    /** Writes {@code name} at {@code offset} and returns the offset after it. */
    public static int write(String name, byte[] out, int offset) {
        int at = offset;
        int start = 0;
        while (start < name.length()) {
            int dot = name.indexOf('.', start);
            int end = dot < 0 ? name.length() : dot;
            int labelLength = end - start;
            if (labelLength < 1 || labelLength > 63) {
                throw new IllegalArgumentException("'" + name + "' has a label of " + labelLength
                        + " characters; a label is 1..63");
            }
            out[at++] = (byte) labelLength;
            for (int i = start; i < end; i++) {
                char c = name.charAt(i);
                if (c > 0x7f) {
                    throw new IllegalArgumentException("'" + name + "' is not an ASCII name");
                }
                out[at++] = (byte) c;
            }
            start = end + 1;
        }
        out[at++] = 0;
        return at;
    }

    /** Reads the uncompressed name at {@code offset} back into its dotted form. */
    static String decode(byte[] data, int offset) {
        StringBuilder name = new StringBuilder();
        int at = offset;
        while (true) {
            if (at >= data.length) {
                throw new IllegalArgumentException("the name at offset " + offset + " runs past the data's "
                        + data.length + " bytes");
            }
            int labelLength = data[at++] & 0xff;
            if (labelLength == 0) {
                return name.toString();
            }
            if (labelLength > 63 || at + labelLength > data.length) {
                throw new IllegalArgumentException("bad label length " + labelLength + " at offset " + (at - 1));
            }
            if (!name.isEmpty()) {
                name.append('.');
            }
            for (int i = 0; i < labelLength; i++) {
                name.append((char) (data[at++] & 0xff));
            }
        }
    }
}
