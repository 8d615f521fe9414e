package io.edgeplane.dns.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link ReplyReader}: bounds-checked fields, and names decompressed into lower-case wire form with every
 * pointer checked before it is followed (RFC 1035 §4.1.4).
 */
class ReplyReaderTest {

    @Test
    void readsUnsignedFieldsAndMovesTheCursor() {
        byte[] bytes = {(byte) 0xFF, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};
        ReplyReader in = new ReplyReader(bytes, 0);

        assertThat(in.u16()).isEqualTo(0xFFFE);
        assertThat(in.u32()).isEqualTo(0xFFFF_FFFFL);
        assertThat(in.u8()).isEqualTo(0x7F);
        assertThat(in.position()).isEqualTo(7);
    }

    @Test
    void refusesFieldsPastTheEnd() {
        assertThatThrownBy(() -> new ReplyReader(new byte[1], 0).u16()).isInstanceOf(MalformedReply.class);
        assertThatThrownBy(() -> new ReplyReader(new byte[3], 0).u32()).isInstanceOf(MalformedReply.class);
        assertThatThrownBy(() -> new ReplyReader(new byte[2], 2).u8()).isInstanceOf(MalformedReply.class);
        assertThatThrownBy(() -> new ReplyReader(new byte[4], 1).skip(4)).isInstanceOf(MalformedReply.class);
    }

    @Test
    void skipsToExactlyTheEnd() {
        ReplyReader in = new ReplyReader(new byte[4], 1);

        in.skip(3);

        assertThat(in.position()).isEqualTo(4);
    }

    @Test
    void readsAnUncompressedNameInLowerCase() {
        byte[] bytes = wire("WwW.ExAmPlE");
        ReplyReader in = new ReplyReader(bytes, 0);

        assertThat(in.name()).isEqualTo(Names.fromCanonical("www.example"));
        assertThat(in.position()).isEqualTo(bytes.length);
    }

    @Test
    void lowersOnlyAsciiLetters() {
        // '@' and '[' sit either side of A-Z; 0xC4 is not a letter to DNS (RFC 4343 §3).
        byte[] bytes = {4, '@', 'Z', '[', (byte) 0xC4, 0};

        assertThat(new ReplyReader(bytes, 0).name()).containsExactly(4, '@', 'z', '[', (byte) 0xC4, 0);
    }

    @Test
    void readsTheRoot() {
        ReplyReader in = new ReplyReader(new byte[] {9, 0}, 1);

        assertThat(in.name()).containsExactly(0);
        assertThat(in.position()).isEqualTo(2);
    }

    @Test
    void followsABackwardPointerAndResumesAfterIt() {
        // example at 0, then "www" + pointer to 0 at 9, then a marker byte.
        byte[] bytes = concat(wire("Example"), new byte[] {3, 'w', 'w', 'w', (byte) 0xC0, 0, 42});
        ReplyReader in = new ReplyReader(bytes, 9);

        assertThat(in.name()).isEqualTo(Names.fromCanonical("www.example"));
        assertThat(in.position()).isEqualTo(15);
        assertThat(in.u8()).isEqualTo(42);
    }

    @Test
    void followsAChainOfBackwardPointers() {
        // example at 0; "mail" + ptr 0 at 9; "mx" + ptr 9 at 16; a bare pointer to 16 at 21.
        byte[] bytes = concat(wire("example"), new byte[] {4, 'm', 'a', 'i', 'l', (byte) 0xC0, 0},
                new byte[] {2, 'm', 'x', (byte) 0xC0, 9}, new byte[] {(byte) 0xC0, 16});
        ReplyReader in = new ReplyReader(bytes, 21);

        assertThat(in.name()).isEqualTo(Names.fromCanonical("mx.mail.example"));
        assertThat(in.position()).isEqualTo(23);
    }

    @Test
    void refusesAPointerToItself() {
        byte[] bytes = {0, 0, (byte) 0xC0, 2};

        assertThatThrownBy(() -> new ReplyReader(bytes, 2).name())
                .isInstanceOf(MalformedReply.class).hasMessageContaining("does not point back");
    }

    @Test
    void refusesAForwardPointer() {
        byte[] bytes = {(byte) 0xC0, 2, 1, 'a', 0};

        assertThatThrownBy(() -> new ReplyReader(bytes, 0).name()).isInstanceOf(MalformedReply.class);
    }

    @Test
    void refusesAPointerIntoTheNameItIsPartOf() {
        // "a" "b" then a pointer back to "b": each step back is backwards, but it is a loop.
        byte[] bytes = {1, 'a', 1, 'b', (byte) 0xC0, 2};

        assertThatThrownBy(() -> new ReplyReader(bytes, 0).name()).isInstanceOf(MalformedReply.class);
    }

    @Test
    void refusesTwoPointersThatPointAtEachOther() {
        // At 0 a pointer to 2, at 2 a pointer to 0: read from 2, the first hop goes back, the second forward.
        byte[] bytes = {(byte) 0xC0, 2, (byte) 0xC0, 0};

        assertThatThrownBy(() -> new ReplyReader(bytes, 2).name()).isInstanceOf(MalformedReply.class);
        assertThatThrownBy(() -> new ReplyReader(bytes, 0).name()).isInstanceOf(MalformedReply.class);
    }

    @Test
    void refusesTheUndefinedLabelTypes() {
        // 0x40 (extended labels, RFC 6891 §5) and 0x80 (reserved) are not names this reader can follow.
        assertThatThrownBy(() -> new ReplyReader(new byte[] {0x41, 'a', 0}, 0).name())
                .isInstanceOf(MalformedReply.class).hasMessageContaining("label type 1");
        assertThatThrownBy(() -> new ReplyReader(new byte[] {(byte) 0x81, 'a', 0}, 0).name())
                .isInstanceOf(MalformedReply.class).hasMessageContaining("label type 2");
    }

    @Test
    void readsANameOfExactly255Bytes() {
        byte[] bytes = longName(255);

        assertThat(new ReplyReader(bytes, 0).name()).hasSize(255);
    }

    @Test
    void refusesANameOf256Bytes() {
        assertThatThrownBy(() -> new ReplyReader(longName(256), 0).name())
                .isInstanceOf(MalformedReply.class).hasMessageContaining("longer than 255");
    }

    @Test
    void countsTheLengthOfANameAcrossPointers() {
        // 193 bytes at 0, then a 63-byte label and a pointer to them: 64 + 193 = 257 bytes decompressed.
        byte[] first = longName(193);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.write(63);
        out.writeBytes("x".repeat(63).getBytes());
        out.write(0xC0);
        out.write(0);
        byte[] bytes = out.toByteArray();

        assertThatThrownBy(() -> new ReplyReader(bytes, first.length).name()).isInstanceOf(MalformedReply.class);
    }

    @Test
    void refusesNamesCutShort() {
        // A label past the end, no root label, half a pointer, nothing at all.
        assertThatThrownBy(() -> new ReplyReader(new byte[] {5, 'a', 'b'}, 0).name()).isInstanceOf(MalformedReply.class);
        assertThatThrownBy(() -> new ReplyReader(new byte[] {1, 'a'}, 0).name()).isInstanceOf(MalformedReply.class);
        assertThatThrownBy(() -> new ReplyReader(new byte[] {0, (byte) 0xC0}, 1).name()).isInstanceOf(MalformedReply.class);
        assertThatThrownBy(() -> new ReplyReader(new byte[0], 0).name()).isInstanceOf(MalformedReply.class);
    }

    @Test
    void aMalformedReplyCarriesNoStackTrace() {
        // A hostile upstream must not make each bad reply cost a stack walk.
        MalformedReply malformed = new MalformedReply("bad");

        assertThat(malformed.getStackTrace()).isEmpty();
        assertThat(malformed.getMessage()).isEqualTo("bad");
    }

    /** A name of exactly {@code length} wire bytes, of 63-byte labels and one shorter one. */
    private static byte[] longName(int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int left = length - 1;
        while (left > 0) {
            int label = Math.min(63, left - 1);
            if (left - (label + 1) == 1) {
                label--; // never leave a single byte: it cannot be a label
            }
            out.write(label);
            out.writeBytes("a".repeat(label).getBytes());
            left -= label + 1;
        }
        out.write(0);
        byte[] name = out.toByteArray();
        if (name.length != length) {
            throw new IllegalStateException(name.length + " bytes, not " + length);
        }
        return name;
    }

    private static byte[] wire(String name) {
        return ReplyBuilder.wireName(name);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
