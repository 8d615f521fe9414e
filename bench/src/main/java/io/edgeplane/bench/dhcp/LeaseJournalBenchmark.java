package io.edgeplane.bench.dhcp;

import io.edgeplane.dhcp.codec.HardwareAddress;
import io.edgeplane.dhcp.lease.ClientId;
import io.edgeplane.dhcp.lease.Lease;
import io.edgeplane.dhcp.lease.LeaseJournal;
import io.edgeplane.dhcp.pool.Ipv4Ints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The lease journal's group commit: a batch of 1, 8 or 64 leases put and committed (one write, one fdatasync),
 * reported per lease, so the three side by side show what batching the ACKs of one turn buys. fdatasync-bound:
 * the figure is the disk's (and the machine's), so read the ratios. The file is a new one in
 * {@code java.io.tmpdir} each iteration (set it with {@code -jvmArgsAppend -Djava.io.tmpdir=...} to measure
 * another disk; a tmpfs makes fdatasync free and the figure meaningless). The leases are what an ACK writes: a
 * MAC, a host name and a client identifier.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LeaseJournalBenchmark {

    private static final int LEASES = 4096;

    private final Lease[] leases = new Lease[LEASES];
    private Path directory;
    private LeaseJournal journal;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        directory = Files.createTempDirectory("edgeplane-lease-journal-bench");
        Instant expires = Instant.parse("2026-12-01T12:00:00Z");
        long first = Ipv4Ints.of(UdhcpcMessages.ip("198.18.1.0"));
        for (int i = 0; i < LEASES; i++) {
            byte[] mac = {0x52, 0x54, 0, 0, (byte) (i >>> 8), (byte) i};
            byte[] id = {1, 0x52, 0x54, 0, 0, (byte) (i >>> 8), (byte) i};
            leases[i] = new Lease(Ipv4Ints.address(first + i), new HardwareAddress(mac), Optional.of(new ClientId(id)),
                    Optional.of("host-" + i), expires.plusSeconds(i));
        }
    }

    @Setup(Level.Iteration)
    public void open() throws IOException {
        Path file = directory.resolve("dhcp.leases");
        Files.deleteIfExists(file);
        journal = LeaseJournal.open(file, Clock.systemUTC());
    }

    @TearDown(Level.Iteration)
    public void close() throws IOException {
        journal.close();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(directory.resolve("dhcp.leases"));
        Files.deleteIfExists(directory);
    }

    @Benchmark
    @OperationsPerInvocation(1)
    public void batchOf1() throws IOException {
        commit(1);
    }

    @Benchmark
    @OperationsPerInvocation(8)
    public void batchOf8() throws IOException {
        commit(8);
    }

    @Benchmark
    @OperationsPerInvocation(64)
    public void batchOf64() throws IOException {
        commit(64);
    }

    private void commit(int batch) throws IOException {
        for (int i = 0; i < batch; i++) {
            journal.put(leases[next++ & (LEASES - 1)]);
        }
        journal.commit();
    }
}
