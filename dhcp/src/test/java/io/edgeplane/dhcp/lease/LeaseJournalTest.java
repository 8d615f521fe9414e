package io.edgeplane.dhcp.lease;

import static io.edgeplane.dhcp.lease.LeaseTest.MAC;
import static io.edgeplane.dhcp.lease.LeaseTest.ip;
import static io.edgeplane.dhcp.lease.LeaseTest.lease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.dhcp.codec.HardwareAddress;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal's behaviour through its public API, with a real file in a temporary directory. */
class LeaseJournalTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("leases");
    }

    private LeaseJournal open() throws IOException {
        return LeaseJournal.open(file(), CLOCK);
    }

    private Map<Inet4Address, Lease> reopened() throws IOException {
        try (LeaseJournal journal = open()) {
            assertThat(journal.report().corruptLines()).isEmpty();
            return journal.recovered();
        }
    }

    @Test
    void leasesRoundTripThroughTheFile() throws IOException {
        Lease full = new Lease(ip("198.18.0.10"), MAC, Optional.of(ClientId.parse("01:52:54:00:12:34:56")),
                Optional.of("laptop"), Instant.ofEpochSecond(1_800_003_600L));
        Lease bare = new Lease(ip("198.18.0.11"), new HardwareAddress(new byte[0]),
                Optional.of(ClientId.parse("ff:00:01")), Optional.empty(), Instant.ofEpochSecond(1_800_000_600L));
        Lease named = lease("198.18.0.12", "printer", 1_800_007_200L);
        try (LeaseJournal journal = open()) {
            assertThat(journal.recovered()).isEmpty();
            journal.put(full);
            journal.put(bare);
            journal.put(named);
            journal.commit();
        }

        assertThat(reopened()).containsOnly(Map.entry(full.address(), full), Map.entry(bare.address(), bare),
                Map.entry(named.address(), named));
    }

    @Test
    void theFileIsTextAnAdminCanRead() throws IOException {
        try (LeaseJournal journal = open()) {
            journal.put(new Lease(ip("198.18.0.10"), MAC, Optional.of(ClientId.parse("01:52:54:00:12:34:56")),
                    Optional.of("laptop"), Instant.ofEpochSecond(1_800_003_600L)));
            journal.remove(ip("198.18.0.10"));
            journal.commit();
            assertThat(journal.sizeBytes()).isEqualTo(Files.size(file()));
        }

        assertThat(Files.readAllLines(file())).containsExactly("# edgeplane dhcp leases v1",
                withCrc("+ 1800003600 52:54:00:12:34:56 198.18.0.10 laptop 01:52:54:00:12:34:56"),
                withCrc("- 198.18.0.10"));
    }

    private static String withCrc(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.US_ASCII));
        return body + " " + "%08x".formatted(crc.getValue());
    }

    @Test
    void removeEndsALeaseAndALaterPutOverwrites() throws IOException {
        try (LeaseJournal journal = open()) {
            journal.put(lease("198.18.0.10", "a", 100));
            journal.put(lease("198.18.0.11", "b", 100));
            journal.commit();
            journal.remove(ip("198.18.0.10"));
            journal.put(lease("198.18.0.11", "b", 200));
            journal.commit();
        }

        assertThat(reopened()).containsOnlyKeys(ip("198.18.0.11"))
                .containsEntry(ip("198.18.0.11"), lease("198.18.0.11", "b", 200));
    }

    @Test
    void nothingIsDurableBeforeCommit() throws IOException {
        long size;
        try (LeaseJournal journal = open()) {
            size = journal.sizeBytes();
            journal.commit(); // nothing buffered: nothing written
            assertThat(journal.sizeBytes()).isEqualTo(size);
            journal.put(lease("198.18.0.10", "a", 100));
        }

        assertThat(reopened()).isEmpty();
        assertThat(Files.size(file())).isEqualTo(size);
    }

    @Test
    void theReportCountsRecordsAndExpiredLeases() throws IOException {
        try (LeaseJournal journal = open()) {
            journal.put(lease("198.18.0.10", "a", 1_700_000_000L)); // before CLOCK: expired
            journal.put(lease("198.18.0.11", "b", 1_900_000_000L));
            journal.remove(ip("198.18.0.12"));
            journal.commit();
        }

        try (LeaseJournal journal = open()) {
            RecoveryReport report = journal.report();
            assertThat(report.recordsRead()).isEqualTo(3);
            assertThat(report.corruptLineCount()).isZero();
            assertThat(report.tornTailTruncated()).isFalse();
            assertThat(report.expiredAtOpen()).isEqualTo(1);
            assertThat(journal.recovered()).hasSize(2); // expired leases are returned: the caller decides
        }
    }

    @Test
    void aTornTailIsCutOffAndAppendsContinue() throws IOException {
        try (LeaseJournal journal = open()) {
            journal.put(lease("198.18.0.10", "a", 100));
            journal.commit();
        }
        long whole = Files.size(file());
        Files.writeString(file(), "+ 200 52:54:00:12:34:56 198.18.0.11 b * 1a2", StandardOpenOption.APPEND);

        try (LeaseJournal journal = open()) {
            assertThat(journal.report().truncatedBytes()).isEqualTo(43);
            assertThat(journal.report().tornTailTruncated()).isTrue();
            assertThat(journal.recovered()).containsOnlyKeys(ip("198.18.0.10"));
            assertThat(Files.size(file())).isEqualTo(whole);
            journal.put(lease("198.18.0.12", "c", 300));
            journal.commit();
        }

        assertThat(reopened()).containsOnlyKeys(ip("198.18.0.10"), ip("198.18.0.12"));
    }

    @Test
    void aCorruptLineInTheMiddleIsSkippedAndReported() throws IOException {
        try (LeaseJournal journal = open()) {
            journal.put(lease("198.18.0.10", "a", 100));
            journal.put(lease("198.18.0.11", "b", 100));
            journal.put(lease("198.18.0.12", "c", 100));
            journal.commit();
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(file()));
        lines.set(2, lines.get(2).replace("+ 100 ", "+ 900 ")); // the checksum no longer matches
        lines.add(3, "not a record");
        Files.write(file(), lines);

        try (LeaseJournal journal = open()) {
            RecoveryReport report = journal.report();
            assertThat(report.recordsRead()).isEqualTo(2);
            assertThat(report.corruptLineCount()).isEqualTo(2);
            assertThat(report.corruptLines()).containsExactly(
                    new RecoveryReport.CorruptLine(3, "checksum mismatch"),
                    new RecoveryReport.CorruptLine(4, "checksum is not 8 hex digits"));
            assertThat(journal.recovered()).containsOnlyKeys(ip("198.18.0.10"), ip("198.18.0.12"));
        }
    }

    @Test
    void aLineWithAGoodChecksumButBadFieldsIsSkipped() throws IOException {
        Files.writeString(file(), String.join("\n", "# edgeplane dhcp leases v1",
                withCrc("+ 100 52:54:00:12:34:56 198.18.0.010 a *"),
                withCrc("+ 100 52:54:00:12:34:56 198.18.0.10 bad_name *"),
                withCrc("+ soon 52:54:00:12:34:56 198.18.0.10 a *"),
                withCrc("- 198.18.0.10 extra"),
                withCrc("? 198.18.0.10"),
                withCrc("+ 100 52:54:00:12:34:56 198.18.0.10 a *"), ""));

        try (LeaseJournal journal = open()) {
            assertThat(journal.report().corruptLines()).extracting(RecoveryReport.CorruptLine::lineNumber)
                    .containsExactly(2L, 3L, 4L, 5L, 6L);
            assertThat(journal.recovered()).containsOnlyKeys(ip("198.18.0.10"));
        }
    }

    @Test
    void garbageNeverThrowsAndTheJournalStaysUsable() throws IOException {
        byte[] garbage = new byte[4 << 20];
        new Random(42).nextBytes(garbage);
        Files.write(file(), garbage);

        try (LeaseJournal journal = open()) {
            RecoveryReport report = journal.report();
            assertThat(report.recordsRead()).isZero();
            assertThat(report.corruptLineCount()).isGreaterThan(RecoveryReport.MAX_LISTED);
            assertThat(report.corruptLines()).hasSize(RecoveryReport.MAX_LISTED);
            assertThat(report.corruptLines().getFirst().reason()).contains("expected the header");
            journal.put(lease("198.18.0.10", "a", 100));
            journal.commit();
        }

        try (LeaseJournal journal = open()) {
            assertThat(journal.recovered()).containsOnlyKeys(ip("198.18.0.10"));
            assertThat(journal.wantsCompaction(1)).isTrue(); // the garbage lines count as dead weight
        }
    }

    @Test
    void anEmptyFileABinaryFileWithoutNewlinesAndAHugeLineAreHandled() throws IOException {
        Files.write(file(), new byte[0]);
        try (LeaseJournal journal = open()) {
            assertThat(journal.report().recordsRead()).isZero();
        }
        assertThat(Files.readString(file())).isEqualTo("# edgeplane dhcp leases v1\n");

        Files.write(file(), new byte[] {0, 0, 0, 0, 0, 0}); // a power cut's zero-filled block
        try (LeaseJournal journal = open()) {
            assertThat(journal.report().truncatedBytes()).isEqualTo(6);
        }
        assertThat(Files.readString(file())).isEqualTo("# edgeplane dhcp leases v1\n");

        Files.writeString(file(), "x".repeat(3 << 20) + "\n", StandardOpenOption.APPEND);
        Files.writeString(file(), withCrc("+ 100 52:54:00:12:34:56 198.18.0.10 a *") + "\n", StandardOpenOption.APPEND);
        try (LeaseJournal journal = open()) {
            assertThat(journal.report().corruptLines())
                    .containsExactly(new RecoveryReport.CorruptLine(2, "longer than 1024 bytes"));
            assertThat(journal.recovered()).containsOnlyKeys(ip("198.18.0.10"));
        }
    }

    @Test
    void aNewerFormatIsRefusedRatherThanAppendedTo() throws IOException {
        Files.writeString(file(), "# edgeplane dhcp leases v2\n");

        assertThatThrownBy(this::open).isInstanceOf(IOException.class)
                .hasMessageContaining("'# edgeplane dhcp leases v2'");
        assertThat(Files.readString(file())).isEqualTo("# edgeplane dhcp leases v2\n");
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path missing = dir.resolve("no-such-dir").resolve("leases");

        assertThatThrownBy(() -> LeaseJournal.open(missing, CLOCK)).isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(missing.getParent().toString());
    }

    @Test
    void compactionKeepsExactlyTheLiveSetAndLaterAppendsSurviveReopen() throws IOException {
        List<Lease> live = new ArrayList<>();
        try (LeaseJournal journal = open()) {
            for (int i = 0; i < 10; i++) {
                for (int renewal = 0; renewal < 3; renewal++) {
                    journal.put(lease("198.18.0." + i, "h" + i, 100 + renewal));
                }
            }
            journal.commit();
            for (int i = 0; i < 10; i++) {
                if (i % 2 == 0) {
                    journal.remove(ip("198.18.0." + i));
                } else {
                    live.add(lease("198.18.0." + i, "h" + i, 102));
                }
            }
            journal.commit();
            journal.put(lease("198.18.0.20", "buffered", 500)); // buffered across the compaction
            journal.compact(live);
            assertThat(Files.readAllLines(file())).hasSize(1 + live.size());
            assertThat(journal.sizeBytes()).isEqualTo(Files.size(file()));
            journal.commit();
            journal.put(lease("198.18.0.21", "after", 600));
            journal.commit();
        }

        Map<Inet4Address, Lease> recovered = reopened();
        assertThat(recovered).hasSize(live.size() + 2)
                .containsEntry(ip("198.18.0.20"), lease("198.18.0.20", "buffered", 500))
                .containsEntry(ip("198.18.0.21"), lease("198.18.0.21", "after", 600));
        live.forEach(lease -> assertThat(recovered).containsEntry(lease.address(), lease));
        assertThat(dir.resolve("leases.tmp")).doesNotExist();
    }

    @Test
    void aCompactionLeftBehindByACrashIsDiscardedAtOpen() throws IOException {
        try (LeaseJournal journal = open()) {
            journal.put(lease("198.18.0.10", "a", 100));
            journal.commit();
        }
        Files.writeString(dir.resolve("leases.tmp"), "# edgeplane dhcp leases v1\n+ half");

        assertThat(reopened()).containsOnlyKeys(ip("198.18.0.10"));
        assertThat(dir.resolve("leases.tmp")).doesNotExist();
    }

    @Test
    void wantsCompactionOnceDeadLinesOutweighTheLiveOnes() throws IOException {
        try (LeaseJournal journal = open()) {
            assertThat(journal.wantsCompaction(0)).isFalse();
            for (int i = 0; i < 1025; i++) {
                journal.put(lease("198.18.0.10", "a", i));
            }
            assertThat(journal.wantsCompaction(1)).isFalse(); // buffered lines are not in the file yet
            journal.commit();
            assertThat(journal.wantsCompaction(0)).isTrue();
            assertThat(journal.wantsCompaction(1)).isFalse(); // 1025 <= 2 * 1 + 1024
            assertThat(journal.wantsCompaction(1000)).isFalse();
            journal.compact(List.of(lease("198.18.0.10", "a", 1024)));
            assertThat(journal.wantsCompaction(1)).isFalse();
            assertThatThrownBy(() -> journal.wantsCompaction(-1)).hasMessageContaining("liveCount -1");
        }
        try (LeaseJournal journal = open()) {
            assertThat(journal.wantsCompaction(0)).isFalse(); // the count is rebuilt from the file at open
        }
    }

    @Test
    void aClosedJournalSaysSo() throws IOException {
        LeaseJournal journal = open();
        journal.close();
        journal.close();

        assertThatThrownBy(() -> journal.put(lease("198.18.0.10", "a", 1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is closed");
        assertThatThrownBy(journal::commit).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> journal.put(null)).hasMessage("lease");
    }
}
