package io.edgeplane.ntp.clock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * chrony's drift file: one line with the system clock's frequency error in ppm and the estimate's error, such as
 * {@code -12.345678 0.123456}, so a restart starts from a known frequency instead of measuring it afresh. A chrony
 * drift file can be read and ours can be read by chrony.
 *
 * <p>Reading never fails the caller: a missing, unreadable or malformed file means "frequency unknown, start from
 * 0 ppm" and is logged. Writing replaces the file atomically (a temporary file in the same directory, synced,
 * renamed over it, then the directory synced), so a crash leaves either the old file or the new one, never half of
 * one; a failure is logged and reported, not thrown. The I/O blocks: call it off the event loops
 * ({@link DriftRecorder} does).
 */
public final class DriftFile {

    private static final Logger log = LoggerFactory.getLogger(DriftFile.class);

    /** Far more than the line ever takes; a huge file is not a drift file and is not read whole. */
    private static final int MAX_READ_BYTES = 256;

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private final Path path;

    public DriftFile(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    public Path path() {
        return path;
    }

    /** The kept frequency; empty (start from 0 ppm) when the file is missing, unreadable or malformed. */
    public Optional<Drift> read() {
        String content;
        try (InputStream in = Files.newInputStream(path)) {
            content = new String(in.readNBytes(MAX_READ_BYTES), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            log.info("no drift file {} yet; the clock's frequency starts from 0 ppm and is measured", path);
            return Optional.empty();
        } catch (IOException e) {
            log.warn("could not read drift file {} ({}); the clock's frequency starts from 0 ppm", path, e.toString());
            return Optional.empty();
        }
        return switch (parse(content)) {
            case Parsed.Valid valid -> {
                log.info("drift file {}: frequency {} ppm (± {} ppm)", path, valid.drift().frequencyPpm(),
                        valid.drift().errorPpm());
                yield Optional.of(valid.drift());
            }
            case Parsed.Invalid invalid -> {
                log.warn("drift file {} is not a drift file: {}; the clock's frequency starts from 0 ppm",
                        path, invalid.reason());
                yield Optional.empty();
            }
        };
    }

    /**
     * Replaces the file with {@code drift}, atomically.
     *
     * @return whether it was written; a failure is logged with its cause
     */
    public boolean write(Drift drift) {
        Objects.requireNonNull(drift, "drift");
        // chrony's own format, so that chrony reads it and tools written for chrony's drift file keep working.
        byte[] line = String.format(Locale.ROOT, "%20.6f %20.6f%n", drift.frequencyPpm(), drift.errorPpm())
                .getBytes(StandardCharsets.US_ASCII);
        Path directory = path.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            temporary = Files.createTempFile(directory, path.getFileName() + ".", ".tmp", readableByAll(directory));
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            syncDirectory(directory);
            return true;
        } catch (IOException | RuntimeException e) {
            log.warn("could not write drift file {} ({}); the frequency will be measured afresh after a restart",
                    path, e.toString());
            return false;
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    log.warn("could not remove temporary drift file {} ({})", temporary, e.toString());
                }
            }
        }
    }

    /** The drift a file's content holds, or why it holds none; package-private so tests can check the reasons. */
    static Parsed parse(String content) {
        int newline = content.indexOf('\n');
        String line = (newline < 0 ? content : content.substring(0, newline)).strip();
        if (line.isEmpty()) {
            return new Parsed.Invalid("its first line is empty");
        }
        String[] fields = line.split("[ \\t]+");
        if (fields.length != 2 || !NUMBER.matcher(fields[0]).matches() || !NUMBER.matcher(fields[1]).matches()) {
            return new Parsed.Invalid("expected two numbers, a frequency in ppm and its error (\"-12.345 0.123\"),"
                    + " found \"" + abbreviate(line) + "\"");
        }
        double frequency = Double.parseDouble(fields[0]);
        double error = Double.parseDouble(fields[1]);
        if (Math.abs(frequency) > ClockDiscipline.MAX_FREQUENCY_PPM) {
            return new Parsed.Invalid("frequency " + fields[0] + " ppm is beyond ±" + ClockDiscipline.MAX_FREQUENCY_PPM
                    + " ppm");
        }
        if (error < 0 || !Double.isFinite(error)) {
            return new Parsed.Invalid("frequency error " + fields[1] + " ppm is not 0 or more");
        }
        return new Parsed.Valid(new Drift(frequency, error));
    }

    /** The outcome of {@link #parse}. */
    sealed interface Parsed {
        record Valid(Drift drift) implements Parsed {
        }

        record Invalid(String reason) implements Parsed {
        }
    }

    private static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 60) + "…";
    }

    /** rw-r--r--, as chrony leaves its drift file, where the file system knows POSIX permissions. */
    private static FileAttribute<?>[] readableByAll(Path directory) {
        if (!directory.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0];
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--"))
        };
    }

    /** Makes the rename durable. Linux can open a directory to sync it; where it cannot, the rename still stands. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            log.debug("could not sync directory {} after writing the drift file ({})", directory, e.toString());
        }
    }
}
