package io.edgeplane.dns.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Names}: canonical names into wire form, and the label-wise "is in the domain" test the bailiwick uses. */
class NamesTest {

    @Test
    void writesLengthPrefixedLabelsEndingInTheRoot() {
        assertThat(Names.fromCanonical("www.example")).containsExactly(3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0);
    }

    @Test
    void writesTheRootAsOneZeroByte() {
        assertThat(Names.fromCanonical("")).containsExactly(0);
    }

    @Test
    void takesLabelsOfUpTo63Bytes() {
        byte[] wire = Names.fromCanonical("a".repeat(63) + ".b");

        assertThat(wire).hasSize(63 + 1 + 2 + 1);
        assertThat(wire[0]).isEqualTo((byte) 63);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"www..example", ".example", "example.", "."})
    void refusesEmptyLabels(String name) {
        // A trailing dot is not canonical here: the root is "", and "example." would hide an empty label.
        assertThatThrownBy(() -> Names.fromCanonical(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesALabelOf64Bytes() {
        assertThatThrownBy(() -> Names.fromCanonical("a".repeat(64) + ".example"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 bytes");
    }

    @Test
    void aNameIsWithinItselfItsParentsAndTheRoot() {
        byte[] name = Names.fromCanonical("www.corp.example");

        assertThat(Names.isWithin(name, name)).isTrue();
        assertThat(Names.isWithin(name, Names.fromCanonical("corp.example"))).isTrue();
        assertThat(Names.isWithin(name, Names.fromCanonical("example"))).isTrue();
        assertThat(Names.isWithin(name, Names.fromCanonical(""))).isTrue();
        assertThat(Names.isWithin(Names.fromCanonical(""), Names.fromCanonical(""))).isTrue();
    }

    @Test
    void aNameIsNotWithinItsChildrenOrSiblings() {
        byte[] name = Names.fromCanonical("corp.example");

        assertThat(Names.isWithin(name, Names.fromCanonical("www.corp.example"))).isFalse();
        assertThat(Names.isWithin(name, Names.fromCanonical("other.example"))).isFalse();
        assertThat(Names.isWithin(Names.fromCanonical(""), name)).isFalse();
    }

    @Test
    void comparesWholeLabelsNotCharacters() {
        // "notcorp.example" ends in the characters "corp.example" but is not in that domain.
        assertThat(Names.isWithin(Names.fromCanonical("www.notcorp.example"), Names.fromCanonical("corp.example")))
                .isFalse();
    }

    @Test
    void doesNotMistakeBytesInsideALabelForALabelBoundary() {
        // One label "x\7example" whose last bytes spell the wire form of "example" without its root byte, then
        // the root: byte-wise the name ends in 07 'example' 00, label-wise it is a single label below the root.
        byte[] name = {9, 'x', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0};

        assertThat(Names.isWithin(name, Names.fromCanonical("example"))).isFalse();
        assertThat(Names.isWithin(name, Names.fromCanonical(""))).isTrue();
    }
}
