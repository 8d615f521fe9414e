package io.edgeplane.dhcp.lease;

import java.util.List;
import java.util.Objects;

/**
 * What {@link LeaseJournal#open} found when it replayed the file: for the startup log and for tests.
 *
 * @param recordsRead the well-formed grant and removal lines applied
 * @param corruptLineCount every line skipped as corrupt (bad checksum, bad syntax, too long)
 * @param corruptLines the first {@link #MAX_LISTED} of them, with their line numbers and why
 * @param truncatedBytes the size of the incomplete last line cut off the file (a write torn by a crash); 0 if none
 * @param expiredAtOpen how many of the recovered leases had already expired by the clock when the file was opened
 */
public record RecoveryReport(long recordsRead, long corruptLineCount, List<CorruptLine> corruptLines,
        long truncatedBytes, int expiredAtOpen) {

    /** How many corrupt lines are listed; a garbage file of a gigabyte must not fill the heap with reasons. */
    public static final int MAX_LISTED = 100;

    public RecoveryReport {
        Objects.requireNonNull(corruptLines, "corruptLines");
        corruptLines = List.copyOf(corruptLines);
    }

    /** True if an incomplete last line was cut off the file. */
    public boolean tornTailTruncated() {
        return truncatedBytes > 0;
    }

    /**
     * One line skipped on replay.
     *
     * @param lineNumber counted from 1, the header being line 1
     * @param reason what was wrong with it
     */
    public record CorruptLine(long lineNumber, String reason) {

        public CorruptLine {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
