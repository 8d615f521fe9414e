package io.edgeplane.ntp.packet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** Kiss codes are four ASCII bytes, zero-padded, in the reference ID. */
class KissCodeTest {

    @Test
    void theConstantsAreTheirAscii() {
        assertThat(KissCode.of("RATE")).isEqualTo(KissCode.RATE);
        assertThat(KissCode.of("DENY")).isEqualTo(KissCode.DENY);
        assertThat(KissCode.of("RSTR")).isEqualTo(KissCode.RSTR);
        assertThat(KissCode.toString(KissCode.RATE)).isEqualTo("RATE");
    }

    @Test
    void shortCodesArePaddedWithZeroBytes() {
        assertThat(KissCode.of("GPS")).isEqualTo(0x4750_5300);
        assertThat(KissCode.toString(0x4750_5300)).isEqualTo("GPS");
        assertThat(KissCode.toString(0)).isEmpty();
    }

    @Test
    void unprintableBytesShowAsQuestionMarks() {
        assertThat(KissCode.toString(0x7F7F_0101)).isEqualTo("????");
        assertThat(KissCode.toString(0x4100_4200)).isEqualTo("A?B");
    }

    @Test
    void onlyOneToFourPrintableAsciiCharactersAreACode() {
        assertThatIllegalArgumentException().isThrownBy(() -> KissCode.of("")).withMessageContaining("\"\"");
        assertThatIllegalArgumentException().isThrownBy(() -> KissCode.of("RATES")).withMessageContaining("RATES");
        assertThatIllegalArgumentException().isThrownBy(() -> KissCode.of("RÄTE")).withMessageContaining("RÄTE");
        assertThatIllegalArgumentException().isThrownBy(() -> KissCode.of("A\tB"));
    }
}
