package io.edgeplane.dns.cache;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A strict reader of a served message, stricter than a client need be: every pointer goes back, every name is
 * at most 255 bytes, the names in RDATA fill it exactly, and nothing follows the last record. Unlike Netty's
 * decoder it takes any byte in a label (RFC 2181 §11): Netty turns names into text, refusing a NUL, splitting a
 * label at a '.' in it, and running bytes above 0x7F through IDNA, which throws on many of them.
 */
final class WireCheck {

    /** A record as read: its owner in wire form (case kept) and its type. */
    record Record(byte[] owner, int type) {
    }

    /**
     * @param binaryName whether some name, owner or in RDATA, has a label byte that is not printable ASCII or is a
     *                   '.', which Netty's decoder may refuse
     */
    record Message(List<Record> answers, List<Record> authority, boolean binaryName) {
    }

    private final byte[] message;
    private int at;
    private boolean binaryName;

    private WireCheck(byte[] message) {
        this.message = message;
    }

    /** Reads {@code message}; throws {@link AssertionError} saying where it breaks the rules. */
    static Message read(byte[] message) {
        return new WireCheck(message).read();
    }

    private Message read() {
        at = 4;
        int questions = u16();
        int answers = u16();
        int authorities = u16();
        int additionals = u16();
        check(questions == 1 && additionals == 0, "counts " + questions + "/" + additionals);
        name();
        at += 4;
        List<Record> answerSection = records(answers);
        List<Record> authoritySection = records(authorities);
        check(at == message.length, (message.length - at) + " bytes after the last record");
        return new Message(answerSection, authoritySection, binaryName);
    }

    private List<Record> records(int count) {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] owner = name();
            int type = u16();
            at += 6;
            int rdLength = u16();
            int end = at + rdLength;
            check(end <= message.length, "RDATA past the end");
            switch (type) {
                case 2, 3, 4, 5, 7, 8, 9, 12 -> name();
                case 6 -> {
                    name();
                    name();
                    at += 20;
                }
                case 14, 17 -> {
                    name();
                    name();
                }
                case 15, 18, 21 -> {
                    at += 2;
                    name();
                }
                case 33 -> {
                    at += 6;
                    name();
                }
                default -> at = end;
            }
            check(at == end, "type " + type + " RDATA of " + rdLength + " bytes has fields of " + (at - end + rdLength));
            records.add(new Record(owner, type));
        }
        return records;
    }

    /** The name at the cursor in wire form, case kept; the cursor moves past it. */
    private byte[] name() {
        ByteArrayOutputStream name = new ByteArrayOutputStream();
        int read = at;
        int limit = at;
        int resume = -1;
        while (true) {
            check(read < message.length, "a name runs past the end");
            int length = message[read] & 0xFF;
            if ((length & 0xC0) == 0xC0) {
                check(read + 1 < message.length, "half a pointer");
                int target = (length & 0x3F) << 8 | message[read + 1] & 0xFF;
                check(target < limit, "a pointer at " + read + " to " + target + " does not go back");
                resume = resume < 0 ? read + 2 : resume;
                read = target;
                limit = target;
                continue;
            }
            check(length <= 63, "label byte " + length);
            check(read + 1 + length <= message.length, "a label past the end");
            name.write(message, read, 1 + length);
            check(name.size() <= 255, "a name over 255 bytes");
            if (length == 0) {
                at = resume < 0 ? read + 1 : resume;
                return name.toByteArray();
            }
            for (int i = read + 1; i <= read + length; i++) {
                binaryName |= message[i] < 0x21 || message[i] > 0x7E || message[i] == '.';
            }
            read += 1 + length;
        }
    }

    private int u16() {
        check(at + 2 <= message.length, "a field past the end");
        int value = (message[at] & 0xFF) << 8 | message[at + 1] & 0xFF;
        at += 2;
        return value;
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
