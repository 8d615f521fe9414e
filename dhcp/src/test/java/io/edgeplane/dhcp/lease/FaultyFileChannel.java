package io.edgeplane.dhcp.lease;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.function.Predicate;

/** A real file channel that fails on demand, as a full or failing disk would: the journal's only test seam. */
final class FaultyFileChannel extends FileChannel {

    /** What to break next; the test flips these between calls. */
    static final class Faults {
        /** A positional write writes half of what it was given, then throws (ENOSPC part way). */
        boolean write;
        boolean force;
        boolean truncate;
    }

    private final FileChannel delegate;
    private final Faults faults;

    private FaultyFileChannel(FileChannel delegate, Faults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    /** Opens real channels, wrapping those whose path {@code which} accepts. */
    static LeaseJournal.ChannelOpener opener(Faults faults, Predicate<Path> which) {
        return (path, options) -> {
            FileChannel real = FileChannel.open(path, options);
            return which.test(path) ? new FaultyFileChannel(real, faults) : real;
        };
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (faults.write) {
            ByteBuffer half = src.duplicate();
            half.limit(half.position() + half.remaining() / 2);
            int written = delegate.write(half, position);
            src.position(src.position() + written);
            throw new IOException("injected: No space left on device");
        }
        return delegate.write(src, position);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (faults.force) {
            throw new IOException("injected: Input/output error");
        }
        delegate.force(metaData);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (faults.truncate) {
            throw new IOException("injected: Input/output error");
        }
        delegate.truncate(size);
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return delegate.write(src);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        return delegate.write(srcs, offset, length);
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        return delegate.transferFrom(src, position, count);
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        return delegate.map(mode, position, size);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
