package io.edgeplane.dhcp.lease;

import io.edgeplane.dhcp.lease.LeaseLine.CorruptLineException;
import io.edgeplane.dhcp.lease.LeaseLine.Grant;
import io.edgeplane.dhcp.lease.LeaseLine.JournalRecord;
import io.edgeplane.dhcp.lease.LeaseLine.Removal;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a journal from its first byte to its last, applying every well-formed line in order and skipping the rest.
 * Memory stays bounded whatever the file holds: one read buffer, one line of at most {@link LeaseLine#MAX_LENGTH}
 * bytes, the map of addresses, and at most {@link RecoveryReport#MAX_LISTED} reasons.
 */
final class JournalReplay {

    private static final byte[] HEADER = LeaseLine.HEADER.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEADER_PREFIX = LeaseLine.HEADER_PREFIX.getBytes(StandardCharsets.US_ASCII);

    private final LeaseLine decoder = new LeaseLine();
    private final byte[] line = new byte[LeaseLine.MAX_LENGTH];
    private final Map<Inet4Address, Lease> leases = new HashMap<>();
    private final List<RecoveryReport.CorruptLine> corrupt = new ArrayList<>();
    private long corruptCount;
    private long records;

    /**
     * What the file said.
     *
     * @param leases the last state of every address
     * @param records the grant and removal lines read
     * @param corruptCount the lines skipped
     * @param corrupt the first of those, with why
     * @param completeLength the offset just past the last newline: everything after it is a torn write
     */
    record Result(Map<Inet4Address, Lease> leases, long records, long corruptCount,
            List<RecoveryReport.CorruptLine> corrupt, long completeLength) {
    }

    private JournalReplay() {
    }

    /**
     * Replays {@code channel} from offset 0.
     *
     * @throws IOException if reading fails, or if the header names a format other than v1: a newer edgeplane wrote the
     *         file, and appending v1 lines to it would corrupt it
     */
    static Result replay(FileChannel channel) throws IOException {
        return new JournalReplay().run(channel);
    }

    private Result run(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long offset = 0;
        long lineStart = 0;
        long lineNumber = 1;
        int length = 0;
        boolean tooLong = false;
        while (true) {
            buffer.clear();
            int read = channel.read(buffer, offset);
            if (read < 0) {
                break;
            }
            byte[] chunk = buffer.array();
            for (int i = 0; i < read; i++) {
                byte b = chunk[i];
                if (b == '\n') {
                    if (tooLong) {
                        skip(lineNumber, "longer than " + LeaseLine.MAX_LENGTH + " bytes");
                    } else {
                        line(lineNumber, length);
                    }
                    lineNumber++;
                    lineStart = offset + i + 1;
                    length = 0;
                    tooLong = false;
                } else if (length < line.length) {
                    line[length++] = b;
                } else {
                    tooLong = true;
                }
            }
            offset += read;
        }
        return new Result(leases, records, corruptCount, corrupt, lineStart);
    }

    private void line(long lineNumber, int length) throws IOException {
        if (lineNumber == 1) {
            header(length);
            return;
        }
        JournalRecord record;
        try {
            record = decoder.decode(line, length);
        } catch (CorruptLineException e) {
            skip(lineNumber, e.getMessage());
            return;
        }
        records++;
        switch (record) {
            case Grant grant -> leases.put(grant.lease().address(), grant.lease());
            case Removal removal -> leases.remove(removal.address());
        }
    }

    private void header(int length) throws IOException {
        if (startsWith(HEADER, length) && length == HEADER.length) {
            return;
        }
        if (startsWith(HEADER_PREFIX, length)) {
            throw new IOException("lease journal header '" + new String(line, 0, length, StandardCharsets.US_ASCII)
                    + "', expected '" + LeaseLine.HEADER + "': written by another edgeplane version; refusing to"
                    + " append to it");
        }
        skip(1, "expected the header '" + LeaseLine.HEADER + "'");
    }

    private boolean startsWith(byte[] prefix, int length) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (line[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void skip(long lineNumber, String reason) {
        corruptCount++;
        if (corrupt.size() < RecoveryReport.MAX_LISTED) {
            corrupt.add(new RecoveryReport.CorruptLine(lineNumber, reason));
        }
    }
}
