package io.edgeplane.config.value;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataSizeTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            512B    | 512
            16KiB   | 16384
            1MiB    | 1048576
            2GiB    | 2147483648
            1KB     | 1000
            10MB    | 10000000
            3GB     | 3000000000
            0       | 0
            0B      | 0
            """)
    void parsesEveryUnit(String text, long bytes) throws Exception {
        assertThat(DataSize.parse(text).bytes()).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"16kib", "16KIB", "16Kib", " 16KiB ", "16 KiB"})
    void unitsAreCaseInsensitiveAndMayStandApart(String text) throws Exception {
        assertThat(DataSize.parse(text)).isEqualTo(DataSize.ofKibibytes(16));
    }

    @Test
    void decimalAndBinaryUnitsDiffer() throws Exception {
        assertThat(DataSize.parse("1mb").bytes()).isEqualTo(1_000_000L);
        assertThat(DataSize.parse("1mib").bytes()).isEqualTo(1L << 20);
        assertThat(DataSize.parse("1gb").bytes()).isEqualTo(1_000_000_000L);
        assertThat(DataSize.parse("1kb").bytes()).isEqualTo(1_000L);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            10                      | '10' has no unit
            10XB                    | 'XB' in '10XB' is not a size unit
            1.5MiB                  | '.5MiB' in '1.5MiB' is not a size unit
            -1B                     | '-1B' is not a size
            KiB                     | 'KiB' is not a size
            9999999999999999999B    | '9999999999999999999B' is not a size
            999999999999999999GiB   | '999999999999999999GiB' is too large
            """)
    void rejectsBadSizes(String text, String message) {
        assertThatThrownBy(() -> DataSize.parse(text))
                .isInstanceOf(InvalidValueException.class)
                .hasMessage(message);
    }

    @Test
    void anEmptyValueIsNotASize() {
        assertThatThrownBy(() -> DataSize.parse("")).isInstanceOf(InvalidValueException.class)
                .hasMessage("'' is not a size");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            0           | 0B
            512         | 512B
            1024        | 1KiB
            16384       | 16KiB
            1048576     | 1MiB
            1572864     | 1536KiB
            2147483648  | 2GiB
            1000        | 1000B
            10000000    | 10000000B
            """)
    void toStringUsesTheLargestBinaryUnitThatDividesExactly(long bytes, String text) throws Exception {
        DataSize size = new DataSize(bytes);

        assertThat(size).hasToString(text);
        assertThat(DataSize.parse(size.toString())).isEqualTo(size);
    }

    @Test
    void aSizeIsNeverNegative() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DataSize(-1));
        assertThatThrownBy(() -> DataSize.ofKibibytes(Long.MAX_VALUE)).isInstanceOf(ArithmeticException.class);
    }
}
