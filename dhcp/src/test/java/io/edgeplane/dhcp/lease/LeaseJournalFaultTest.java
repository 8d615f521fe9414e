package io.edgeplane.dhcp.lease;

import static io.edgeplane.dhcp.lease.LeaseTest.ip;
import static io.edgeplane.dhcp.lease.LeaseTest.lease;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failing disk: a commit or compaction that throws leaves the journal usable and only ACKed lines in the file. */
class LeaseJournalFaultTest {

    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final FaultyFileChannel.Faults faults = new FaultyFileChannel.Faults();

    private Path file() {
        return dir.resolve("leases");
    }

    private LeaseJournal openFaulty(String suffix) throws IOException {
        return LeaseJournal.open(file(), CLOCK, FaultyFileChannel.opener(faults, p -> p.toString().endsWith(suffix)));
    }

    private LeaseJournal reopen() throws IOException {
        LeaseJournal journal = LeaseJournal.open(file(), CLOCK);
        assertThat(journal.report().corruptLines()).isEmpty();
        assertThat(journal.report().tornTailTruncated()).isFalse();
        return journal;
    }

    @Test
    void aFailedFsyncDropsTheBatchAndTheNextCommitWorks() throws IOException {
        try (LeaseJournal journal = openFaulty("leases")) {
            journal.put(lease("198.18.0.10", "acked", 100));
            journal.commit();
            long durable = journal.sizeBytes();
            journal.put(lease("198.18.0.11", "nakked", 100));
            faults.force = true;
            assertThatThrownBy(journal::commit).hasMessageContaining("injected");
            faults.force = false;
            assertThat(journal.sizeBytes()).isEqualTo(durable);
            assertThat(Files.size(file())).isEqualTo(durable); // the unsynced batch is cut off, not left to chance
            journal.commit(); // the failed batch was dropped, not kept for a retry
            assertThat(journal.sizeBytes()).isEqualTo(durable);
            journal.put(lease("198.18.0.12", "acked", 100));
            journal.commit();
        }

        try (LeaseJournal journal = reopen()) {
            assertThat(journal.recovered()).containsOnlyKeys(ip("198.18.0.10"), ip("198.18.0.12"));
        }
    }

    @Test
    void aWriteThatFailsPartWayLeavesNoHalfLine() throws IOException {
        try (LeaseJournal journal = openFaulty("leases")) {
            journal.put(lease("198.18.0.10", "acked", 100));
            journal.commit();
            faults.write = true;
            journal.put(lease("198.18.0.11", "nakked", 100));
            journal.put(lease("198.18.0.12", "nakked", 100));
            assertThatThrownBy(journal::commit).hasMessageContaining("No space left");
            faults.write = false;
            journal.put(lease("198.18.0.13", "acked", 100));
            journal.commit();
        }

        try (LeaseJournal journal = reopen()) {
            assertThat(journal.recovered()).containsOnlyKeys(ip("198.18.0.10"), ip("198.18.0.13"));
        }
    }

    @Test
    void whenTheCleanUpFailsTooTheNextCommitCleansUpFirst() throws IOException {
        try (LeaseJournal journal = openFaulty("leases")) {
            journal.put(lease("198.18.0.10", "acked", 100));
            journal.commit();
            long durable = journal.sizeBytes();
            faults.write = true;
            faults.truncate = true;
            journal.put(lease("198.18.0.11", "nakked", 100));
            assertThatThrownBy(journal::commit).satisfies(e -> assertThat(e.getSuppressed()).hasSize(1));
            assertThat(Files.size(file())).isGreaterThan(durable); // half a line is still there
            faults.write = false;
            faults.truncate = false;
            journal.put(lease("198.18.0.12", "acked", 100));
            journal.commit();
        }

        try (LeaseJournal journal = reopen()) {
            assertThat(journal.recovered()).containsOnlyKeys(ip("198.18.0.10"), ip("198.18.0.12"));
        }
    }

    @Test
    void aFailedCompactionKeepsTheOldFileInUse() throws IOException {
        try (LeaseJournal journal = openFaulty(".tmp")) {
            journal.put(lease("198.18.0.10", "a", 100));
            journal.put(lease("198.18.0.11", "b", 100));
            journal.commit();
            faults.force = true;
            assertThatThrownBy(() -> journal.compact(List.of(lease("198.18.0.10", "a", 100))))
                    .hasMessageContaining("injected");
            faults.force = false;
            assertThat(dir.resolve("leases.tmp")).doesNotExist();
            journal.put(lease("198.18.0.12", "c", 100));
            journal.commit();
        }

        try (LeaseJournal journal = reopen()) {
            assertThat(journal.recovered()).containsOnlyKeys(ip("198.18.0.10"), ip("198.18.0.11"),
                    ip("198.18.0.12"));
        }
    }
}
