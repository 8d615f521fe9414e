package io.edgeplane.dns.cache;

/**
 * Reads an upstream reply from a cursor, every read bounds-checked: the fields of the header and of resource
 * records, and names, decompressed (RFC 1035 §4.1.4) into their lower-case wire form. The reply is whatever
 * the network delivered, so every length and pointer in it is checked before it is followed.
 */
final class ReplyReader {

    /** RFC 1035 §2.3.4: a name is at most 255 bytes on the wire. */
    private static final int MAX_NAME = 255;

    private final byte[] message;
    private int at;

    ReplyReader(byte[] message, int at) {
        this.message = message;
        this.at = at;
    }

    int position() {
        return at;
    }

    void skip(int bytes) {
        need(bytes);
        at += bytes;
    }

    int u8() {
        need(1);
        return message[at++] & 0xFF;
    }

    int u16() {
        need(2);
        int value = (message[at] & 0xFF) << 8 | message[at + 1] & 0xFF;
        at += 2;
        return value;
    }

    long u32() {
        need(4);
        long value = (long) (message[at] & 0xFF) << 24 | (message[at + 1] & 0xFF) << 16
                | (message[at + 2] & 0xFF) << 8 | message[at + 3] & 0xFF;
        at += 4;
        return value;
    }

    /** The name at the cursor, uncompressed and in lower case; the cursor moves past its bytes in place. */
    byte[] name() {
        byte[] name = new byte[MAX_NAME];
        int length = 0;
        int read = at;
        int resumeAt = -1;
        // Each pointer must go back before the label it was found in, so there are no loops to count.
        int limit = at;
        while (true) {
            if (read >= message.length) {
                throw new MalformedReply("a name runs past the end of the reply");
            }
            int labelLength = message[read] & 0xFF;
            if ((labelLength & 0xC0) == 0xC0) {
                if (read + 1 >= message.length) {
                    throw new MalformedReply("a name pointer runs past the end of the reply");
                }
                int target = (labelLength & 0x3F) << 8 | message[read + 1] & 0xFF;
                if (target >= limit) {
                    throw new MalformedReply("a name pointer to " + target + " does not point back");
                }
                if (resumeAt < 0) {
                    resumeAt = read + 2;
                }
                read = target;
                limit = target;
                continue;
            }
            if ((labelLength & 0xC0) != 0) {
                throw new MalformedReply("label type " + (labelLength >> 6) + " is not defined");
            }
            if (length + 1 + labelLength > MAX_NAME) {
                throw new MalformedReply("a name longer than " + MAX_NAME + " bytes");
            }
            if (read + 1 + labelLength > message.length) {
                throw new MalformedReply("a label runs past the end of the reply");
            }
            name[length++] = (byte) labelLength;
            if (labelLength == 0) {
                at = resumeAt < 0 ? read + 1 : resumeAt;
                return java.util.Arrays.copyOf(name, length);
            }
            for (int i = read + 1; i <= read + labelLength; i++) {
                byte b = message[i];
                name[length++] = b >= 'A' && b <= 'Z' ? (byte) (b + 32) : b;
            }
            read += 1 + labelLength;
        }
    }

    private void need(int bytes) {
        if (at + bytes > message.length) {
            throw new MalformedReply("the reply ends at " + message.length + " bytes, inside a field at " + at);
        }
    }
}
