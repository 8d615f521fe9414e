package io.edgeplane.ntp.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** chrony's drift file: read whatever is there without failing, write atomically in chrony's format. */
class DriftFileTest {

    @TempDir
    Path directory;

    @Test
    void aWrittenDriftReadsBackAndLooksLikeChronys() throws IOException {
        DriftFile file = new DriftFile(directory.resolve("ntp.drift"));

        assertThat(file.write(new Drift(-12.3456789, 0.1234567))).isTrue();

        assertThat(Files.readString(file.path())).isEqualTo("          -12.345679             0.123457\n");
        assertThat(file.read()).contains(new Drift(-12.345679, 0.123457));
    }

    @Test
    void readsAFileChronyWrote() throws IOException {
        Path path = directory.resolve("chrony.drift");
        Files.writeString(path, "         -51.748801             0.422532\n");

        assertThat(new DriftFile(path).read()).contains(new Drift(-51.748801, 0.422532));
    }

    @Test
    void replacesTheFileAtomicallyAndLeavesNoTemporaryFileBehind() throws IOException {
        DriftFile file = new DriftFile(directory.resolve("ntp.drift"));
        Files.writeString(file.path(), "1.0 2.0\n");

        assertThat(file.write(new Drift(3.5, 0.25))).isTrue();
        assertThat(file.write(new Drift(4.5, 0.125))).isTrue();

        assertThat(file.read()).contains(new Drift(4.5, 0.125));
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(file.path());
        }
        if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())))
                    .isEqualTo("rw-r--r--");
        }
    }

    @Test
    void aFailedWriteIsReportedNotThrownAndLeavesNothingBehind() throws IOException {
        DriftFile file = new DriftFile(directory.resolve("missing").resolve("ntp.drift"));

        assertThat(file.write(new Drift(1, 1))).isFalse();
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aMissingFileMeansUnknown() {
        assertThat(new DriftFile(directory.resolve("never-written")).read()).isEmpty();
    }

    @Test
    void anUnreadableFileMeansUnknown() {
        assertThat(new DriftFile(directory).read()).as("a directory").isEmpty();
    }

    @Test
    void aMalformedFileMeansUnknown() throws IOException {
        Path path = directory.resolve("ntp.drift");
        Files.writeString(path, "not a drift file\n");

        assertThat(new DriftFile(path).read()).isEmpty();
    }

    @Test
    void onlyTheFirstLineOfAHugeFileIsRead() throws IOException {
        Path path = directory.resolve("ntp.drift");
        Files.writeString(path, "2.5 0.5\n" + "x".repeat(1 << 20));
        Path digits = directory.resolve("digits.drift");
        Files.writeString(digits, "1".repeat(1 << 20));

        assertThat(new DriftFile(path).read()).contains(new Drift(2.5, 0.5));
        assertThat(new DriftFile(digits).read()).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            ''                 | its first line is empty
            '   '              | its first line is empty
            '1.5'              | expected two numbers, a frequency in ppm and its error ("-12.345 0.123"), found "1.5"
            '1.5 2 3'          | expected two numbers, a frequency in ppm and its error ("-12.345 0.123"), found "1.5 2 3"
            'abc 1'            | expected two numbers, a frequency in ppm and its error ("-12.345 0.123"), found "abc 1"
            'NaN 1'            | expected two numbers, a frequency in ppm and its error ("-12.345 0.123"), found "NaN 1"
            '0x1p3 1'          | expected two numbers, a frequency in ppm and its error ("-12.345 0.123"), found "0x1p3 1"
            '1.5d 1'           | expected two numbers, a frequency in ppm and its error ("-12.345 0.123"), found "1.5d 1"
            '600 1'            | frequency 600 ppm is beyond ±500.0 ppm
            '-1e999 1'         | frequency -1e999 ppm is beyond ±500.0 ppm
            '1 -0.5'           | frequency error -0.5 ppm is not 0 or more
            '1 1e999'          | frequency error 1e999 ppm is not 0 or more
            """)
    void saysWhyAFileIsNotADriftFile(String content, String reason) {
        assertThat(DriftFile.parse(content)).isEqualTo(new DriftFile.Parsed.Invalid(reason));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', textBlock = """
            '-12.345 0.123'               | -12.345 | 0.123
            '  +7 0'                      | 7       | 0
            '.5\t1.'                      | 0.5     | 1
            '1e2 2E-1\nignored second line' | 100   | 0.2
            """)
    void acceptsChronysNumbers(String content, double frequency, double error) {
        assertThat(DriftFile.parse(content.replace("\\n", "\n")))
                .isEqualTo(new DriftFile.Parsed.Valid(new Drift(frequency, error)));
    }
}
