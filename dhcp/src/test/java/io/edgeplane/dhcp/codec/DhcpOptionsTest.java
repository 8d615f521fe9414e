package io.edgeplane.dhcp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The options as an ordered map: what the builder keeps, where, and that no array escapes to be changed. */
class DhcpOptionsTest {

    @Test
    void putAgainReplacesInPlaceAndRemoveThenPutMovesToTheEnd() {
        DhcpOptions.Builder builder = DhcpOptions.builder().put(12, new byte[] {'a'}).put(15, new byte[] {'b'})
                .put(60, new byte[] {'c'}).put(12, new byte[] {'d'});
        DhcpOptions options = builder.build();

        assertThat(options.codes()).containsExactly(12, 15, 60);
        assertThat(options.get(12)).hasValueSatisfying(v -> assertThat(v).containsExactly('d'));

        DhcpOptions moved = builder.remove(15).remove(99).put(15, new byte[] {'e'}).build();
        assertThat(moved.codes()).containsExactly(12, 60, 15);
        assertThat(options.codes()).as("built before: unchanged").containsExactly(12, 15, 60);
    }

    @Test
    void growsPastItsFirstSixteenOptionsAndShrinksBackToEmpty() {
        DhcpOptions.Builder builder = DhcpOptions.builder();
        for (int code = 100; code < 140; code++) {
            builder.put(code, new byte[] {(byte) code});
        }
        DhcpOptions many = builder.build();
        assertThat(many.size()).isEqualTo(40);
        assertThat(many.codes()).first().isEqualTo(100);
        assertThat(many.codes()).last().isEqualTo(139);
        for (int code = 100; code < 140; code++) {
            builder.remove(code);
        }
        assertThat(builder.build()).isSameAs(DhcpOptions.EMPTY);
    }

    @Test
    void aBuilderFromOptionsLeavesThemAsTheyWere() {
        DhcpOptions options = DhcpOptions.builder().put(12, new byte[] {'a'}).put(15, new byte[] {'b'}).build();

        DhcpOptions changed = options.toBuilder().remove(12).put(15, new byte[] {'x'}).put(60, new byte[] {'y'})
                .build();

        assertThat(options).isEqualTo(DhcpOptions.builder().put(12, new byte[] {'a'}).put(15, new byte[] {'b'})
                .build());
        assertThat(changed.codes()).containsExactly(15, 60);
        assertThat(changed.get(15)).hasValueSatisfying(v -> assertThat(v).containsExactly('x'));
    }

    @Test
    void valuesAreCopiedInAndOut() {
        byte[] value = {1, 2, 3};
        DhcpOptions options = DhcpOptions.builder().put(77, value).build();
        value[0] = 9;
        options.get(77).orElseThrow()[1] = 9;

        assertThat(options.get(77)).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2, 3));
    }

    @Test
    void copyTakesAnOptionAsAnotherHoldsItIfItHoldsIt() {
        DhcpOptions from = DhcpOptions.builder().put(61, new byte[] {1, 2}).put(82, new byte[] {3}).build();

        DhcpOptions copied = DhcpOptions.builder().put(82, new byte[] {9}).put(12, new byte[] {'a'})
                .copy(61, from).copy(82, from).copy(60, from).copy(52, from).build();

        assertThat(copied.codes()).containsExactly(82, 12, 61);
        assertThat(copied.get(82)).hasValueSatisfying(v -> assertThat(v).containsExactly(3));
        assertThat(copied.get(61)).hasValueSatisfying(v -> assertThat(v).containsExactly(1, 2));
    }

    @Test
    void orderIsPartOfEquality() {
        DhcpOptions ab = DhcpOptions.builder().put(12, new byte[] {'a'}).put(15, new byte[] {'b'}).build();
        DhcpOptions ba = DhcpOptions.builder().put(15, new byte[] {'b'}).put(12, new byte[] {'a'}).build();
        DhcpOptions ab2 = DhcpOptions.builder().put(12, new byte[] {'a'}).put(15, new byte[] {'b'}).build();

        assertThat(ab).isNotEqualTo(ba).isEqualTo(ab2).hasSameHashCodeAs(ab2);
        assertThat(ab).hasToString("DhcpOptions{12=61 15=62 }");
    }

    @Test
    void theParameterRequestListIsAskedCodeByCode() {
        DhcpOptions options = DhcpOptions.builder().parameterRequestList(List.of(1, 3, 121, 252)).build();

        assertThat(options.inParameterRequestList(121)).isTrue();
        assertThat(options.inParameterRequestList(252)).isTrue();
        assertThat(options.inParameterRequestList(6)).isFalse();
        assertThat(DhcpOptions.EMPTY.inParameterRequestList(1)).as("no list").isFalse();
    }

    @Test
    void everyWayInChecksTheCode() {
        assertThatThrownBy(() -> DhcpOptions.builder().put(52, new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option code 52");
        assertThatThrownBy(() -> DhcpOptions.builder().unsignedInt(0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option code 0");
        assertThatThrownBy(() -> DhcpOptions.builder().address(255, DhcpMessage.ANY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("option code 255");
        assertThatThrownBy(() -> DhcpOptions.builder().string(12, "\u0100"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO-8859-1");
    }
}
