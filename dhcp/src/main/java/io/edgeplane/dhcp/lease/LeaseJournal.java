package io.edgeplane.dhcp.lease;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;

/**
 * The lease database on disk: an append-only journal of checksummed text lines that survives {@code kill -9} at any
 * instant. The server buffers grants and removals with {@link #put} and {@link #remove}, makes a whole batch durable
 * with one write and one fdatasync in {@link #commit} (group commit), and only then sends the batch's ACKs;
 * {@link #compact} rewrites the file to hold just the live leases, atomically. See {@link LeaseLine} for the format;
 * an admin can read it with {@code cat}.
 *
 * <p>Durability rests on fdatasync before every ACK and on write, fsync, rename, directory fsync for compaction, so a
 * power cut is covered by the same reasoning as {@code kill -9}; the tests exercise {@code kill -9} only.
 *
 * <p>Not thread-safe: one thread, the DHCP server's, owns it. It blocks on fsync, so that thread is never a Netty
 * event loop. Nor may it be interrupted while it commits: the JDK closes a {@link FileChannel} whose user is
 * interrupted, after which every call throws {@link java.nio.channels.ClosedChannelException} and the journal must be
 * opened again.
 */
public final class LeaseJournal implements Closeable {

    /** Opens a file channel; the production one is {@link FileChannel#open(Path, OpenOption...)}. A test seam. */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path path, OpenOption... options) throws IOException;
    }

    private static final byte[] HEADER = (LeaseLine.HEADER + "\n").getBytes(StandardCharsets.US_ASCII);
    private static final int INITIAL_BUFFER = 64 * 1024;
    /** Lines a file may hold beyond twice the live leases before compacting is worth a rewrite. */
    private static final int COMPACTION_SLACK = 1024;

    private final Path file;
    private final Path temporary;
    private final Path directory;
    private final ChannelOpener opener;
    private final Map<Inet4Address, Lease> recovered;
    private final RecoveryReport report;
    private final LeaseLine encoder = new LeaseLine();
    private FileChannel channel;
    private ByteBuffer pending = ByteBuffer.allocateDirect(INITIAL_BUFFER);
    private int pendingRecords;
    /** The file's length as far as durable lines go; a failed commit may leave bytes beyond it. */
    private long size;
    /** True while bytes past {@link #size} may exist: they were never made durable, so they are not ours to keep. */
    private boolean mustTruncate;
    /** True after a compaction's rename until the directory is synced: until then the new file's name may be lost. */
    private boolean directoryUnsynced;
    private long linesSinceCompaction;
    private boolean closed;

    private LeaseJournal(Path file, Path directory, ChannelOpener opener, FileChannel channel, long size,
            JournalReplay.Result replayed, RecoveryReport report) {
        this.file = file;
        this.temporary = temporaryOf(file);
        this.directory = directory;
        this.opener = opener;
        this.channel = channel;
        this.size = size;
        this.recovered = Collections.unmodifiableMap(replayed.leases());
        this.linesSinceCompaction = replayed.records() + replayed.corruptCount();
        this.report = report;
    }

    /**
     * Opens the journal at {@code file}, creating it if missing, and replays it: corrupt lines are skipped and
     * reported, an incomplete last line (a torn write) is cut off so appends continue on a line boundary.
     *
     * @param file the journal; its directory must exist
     * @param clock only tells the report how many recovered leases had already expired
     * @throws NoSuchFileException if the directory does not exist
     * @throws IOException if the file cannot be read or written, or a newer edgeplane's format is in it
     */
    public static LeaseJournal open(Path file, Clock clock) throws IOException {
        return open(file, clock, FileChannel::open);
    }

    static LeaseJournal open(Path file, Clock clock, ChannelOpener opener) throws IOException {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(opener, "opener");
        Path absolute = file.toAbsolutePath();
        Path directory = absolute.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            throw new NoSuchFileException(absolute.toString(), null,
                    "the lease journal's directory " + directory + " does not exist; expected an existing directory");
        }
        // A compaction killed before its rename leaves this behind; the journal itself is whole.
        Files.deleteIfExists(temporaryOf(absolute));
        FileChannel channel = opener.open(absolute, READ, WRITE, CREATE);
        try {
            JournalReplay.Result replayed = JournalReplay.replay(channel);
            long length = channel.size();
            long torn = length - replayed.completeLength();
            if (torn > 0) {
                // Never fsynced, so never ACKed: the commit that wrote it did not return.
                channel.truncate(replayed.completeLength());
                length = replayed.completeLength();
            }
            if (length == 0) {
                writeFully(channel, ByteBuffer.wrap(HEADER), 0);
                length = HEADER.length;
            }
            channel.force(true);
            syncDirectory(opener, directory); // a file just created must not lose its name in a power cut
            Instant now = clock.instant();
            int expired = (int) replayed.leases().values().stream().filter(lease -> lease.expiredAt(now)).count();
            RecoveryReport report = new RecoveryReport(replayed.records(), replayed.corruptCount(),
                    replayed.corrupt(), Math.max(torn, 0), expired);
            return new LeaseJournal(absolute, directory, opener, channel, length, replayed, report);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    /** The last state of every address when the file was opened; already expired leases included. */
    public Map<Inet4Address, Lease> recovered() {
        return recovered;
    }

    /** What replaying the file at open found. */
    public RecoveryReport report() {
        return report;
    }

    /** Buffers a grant or renewal; durable only once {@link #commit()} returns. */
    public void put(Lease lease) {
        Objects.requireNonNull(lease, "lease");
        requireOpen();
        encoder.encodeGrant(lease);
        buffer();
    }

    /** Buffers the end of {@code address}'s lease (release, decline, expiry); durable only once committed. */
    public void remove(Inet4Address address) {
        Objects.requireNonNull(address, "address");
        requireOpen();
        encoder.encodeRemoval(address);
        buffer();
    }

    private void buffer() {
        int length = encoder.length();
        if (pending.remaining() < length) {
            int capacity = Math.max(pending.capacity() * 2, pending.position() + length);
            ByteBuffer larger = ByteBuffer.allocateDirect(capacity);
            pending.flip();
            larger.put(pending);
            pending = larger;
        }
        pending.put(encoder.bytes(), 0, length);
        pendingRecords++;
    }

    /**
     * Makes every buffered record durable: one write, one fdatasync. Send the batch's ACKs only after it returns.
     * If it throws, the batch is dropped (NAK or stay silent) and the file is cut back to its last durable line, so the
     * journal stays usable.
     */
    public void commit() throws IOException {
        requireOpen();
        if (pendingRecords == 0) {
            return;
        }
        pending.flip();
        try {
            if (mustTruncate) {
                channel.truncate(size);
            }
            mustTruncate = true;
            long end = writeFully(channel, pending, size);
            channel.force(false); // fdatasync: the data and the length, not the timestamps
            if (directoryUnsynced) {
                syncDirectory(opener, directory);
                directoryUnsynced = false;
            }
            size = end;
            mustTruncate = false;
            linesSinceCompaction += pendingRecords;
        } catch (IOException | RuntimeException e) {
            tryTruncate(e);
            throw e;
        } finally {
            pending.clear();
            pendingRecords = 0;
        }
    }

    private void tryTruncate(Exception failure) {
        try {
            channel.truncate(size);
            mustTruncate = false;
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e); // mustTruncate stays set: the next commit tries again first
        }
    }

    /**
     * Replaces the file with one that holds exactly {@code live} (if two share an address the later wins, as on
     * replay): written to {@code <file>.tmp}, synced, renamed over the file atomically, the directory synced. Whenever
     * the process dies, the file on disk is either the old journal or the new one, both whole. Buffered records are
     * kept and go to the new file on the next commit. If it throws before the rename, the old file stays in use.
     */
    public void compact(Collection<Lease> live) throws IOException {
        Objects.requireNonNull(live, "live");
        requireOpen();
        FileChannel next = opener.open(temporary, READ, WRITE, CREATE, TRUNCATE_EXISTING);
        long length;
        try {
            length = writeSnapshot(next, live);
            next.force(true);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | Error e) {
            closeQuietly(next, e);
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        // Renamed: the old inode has no name any more, so from here on only `next` may receive appends.
        FileChannel old = channel;
        channel = next;
        size = length;
        mustTruncate = false;
        linesSinceCompaction = live.size();
        directoryUnsynced = true;
        try {
            old.close();
        } catch (IOException ignored) {
            // Unlinked and synced long ago: nothing in it is still needed.
        }
        syncDirectory(opener, directory);
        directoryUnsynced = false;
    }

    private long writeSnapshot(FileChannel target, Collection<Lease> live) throws IOException {
        ByteBuffer out = ByteBuffer.allocateDirect(INITIAL_BUFFER);
        out.put(HEADER);
        long position = 0;
        for (Lease lease : live) {
            encoder.encodeGrant(Objects.requireNonNull(lease, "a lease in live"));
            if (out.remaining() < encoder.length()) {
                out.flip();
                position = writeFully(target, out, position);
                out.clear();
            }
            out.put(encoder.bytes(), 0, encoder.length());
        }
        out.flip();
        return writeFully(target, out, position);
    }

    /**
     * True when the file holds more than twice {@code liveCount} lines plus 1024 since it was last compacted: enough
     * dead lines that a rewrite pays for itself, few enough compactions that their cost stays off the hot path.
     */
    public boolean wantsCompaction(int liveCount) {
        if (liveCount < 0) {
            throw new IllegalArgumentException("liveCount " + liveCount + ", expected 0 or more");
        }
        return linesSinceCompaction > 2L * liveCount + COMPACTION_SLACK;
    }

    /** The file's size in bytes up to its last durable line. */
    public long sizeBytes() {
        return size;
    }

    /** Closes the file; records buffered but not committed are dropped, as they were never promised to anyone. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("lease journal " + file + " is closed");
        }
    }

    private static long writeFully(FileChannel target, ByteBuffer source, long position) throws IOException {
        while (source.hasRemaining()) {
            position += target.write(source, position);
        }
        return position;
    }

    /** A rename or a creation is durable only once the directory is synced; Linux lets a directory be opened for it. */
    private static void syncDirectory(ChannelOpener opener, Path directory) throws IOException {
        try (FileChannel dir = opener.open(directory, READ)) {
            dir.force(true);
        }
    }

    private static Path temporaryOf(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    private static void closeQuietly(FileChannel channel, Throwable failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
