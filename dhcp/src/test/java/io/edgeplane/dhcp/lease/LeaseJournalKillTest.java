package io.edgeplane.dhcp.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that grants leases ({@link LeaseJournalChild}) with SIGKILL at random moments, mid-commit and
 * mid-compaction included, then reopens the journal: every ACKed grant and release must be there, and nothing else
 * but what was in flight when the child died. Then a new child resumes on the same file.
 */
class LeaseJournalKillTest {

    private static final int ROUNDS = 20;
    private static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(22);
    private static final long FIRST_EXPIRY = 1_800_000_000L;

    @TempDir
    Path dir;

    /** Per address, the state the child said is durable: an expiry in epoch seconds, or "-" for no lease. */
    private final Map<String, String> acked = new HashMap<>();
    /** What the child said it was about to commit, in order, not yet ACKed: it may or may not be on disk. */
    private final Deque<String[]> inFlight = new ArrayDeque<>();
    private int acks;
    private int compactions;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void everyAckedLeaseSurvivesSigkillAndTheChildResumes() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        Path journal = dir.resolve("leases");
        long start = System.nanoTime();
        int rounds = 0;
        while (rounds < ROUNDS && System.nanoTime() - start < BUDGET_NANOS) {
            Path out = dir.resolve("out-" + rounds);
            Path err = dir.resolve("err-" + rounds);
            Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(),
                    "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                    "-cp", System.getProperty("java.class.path"), LeaseJournalChild.class.getName(),
                    journal.toString(), Long.toString(FIRST_EXPIRY + rounds * 100_000_000L),
                    Long.toString(random.nextLong()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try {
                awaitOutput(child, out, err, "\nACK "); // resumed on the file and committed at least once
                Thread.sleep(50 + random.nextInt(250));
                assertThat(child.isAlive()).as("child alive until killed; stderr: %s", Files.readString(err)).isTrue();
            } finally {
                child.destroyForcibly();
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }
            readOutput(out);
            checkJournal(journal, "round " + rounds + " of seed " + seed);
            rounds++;
        }
        assertThat(rounds).as("rounds in %s s", TimeUnit.NANOSECONDS.toSeconds(BUDGET_NANOS)).isGreaterThanOrEqualTo(3);
        assertThat(acks).isPositive();
        assertThat(compactions).as("compactions started").isPositive();
    }

    /** Waits for the child to print {@code marker} (it must first start a JVM and replay the file). */
    private static void awaitOutput(Process child, Path out, Path err, String marker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!Files.readString(out, StandardCharsets.US_ASCII).contains(marker)) {
            assertThat(child.isAlive()).as("child died early; stderr: %s", Files.readString(err)).isTrue();
            assertThat(System.nanoTime()).as("child printed no '%s' in 15 s", marker.strip()).isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Applies the child's complete lines; a line cut by the kill is ignored, which only widens what is in flight. */
    private void readOutput(Path out) throws IOException {
        String text = Files.readString(out, StandardCharsets.US_ASCII);
        text = text.substring(0, text.lastIndexOf('\n') + 1);
        for (String line : text.lines().toList()) {
            String[] fields = line.split(" ");
            switch (fields[0]) {
                case "TRY" -> inFlight.addLast(fields);
                case "ACK" -> {
                    String[] tried = inFlight.pollFirst();
                    assertThat(tried).as("ACK without TRY: %s", line).isNotNull();
                    assertThat(Arrays.copyOfRange(tried, 1, 3)).as(line).containsExactly(fields[1], fields[2]);
                    acked.put(fields[1], fields[2]);
                    acks++;
                }
                case "COMPACT" -> compactions++;
                case "READY", "COMPACTED" -> { }
                default -> throw new AssertionError("unexpected child output: " + line);
            }
        }
    }

    /**
     * Each address must hold its ACKed state or the state one of the in-flight operations on it left (a commit may
     * have reached the disk, whole or as a prefix of its lines, before the kill stopped the child from saying so).
     */
    private void checkJournal(Path file, String context) throws IOException {
        try (LeaseJournal journal = LeaseJournal.open(file, Clock.systemUTC())) {
            assertThat(journal.report().corruptLines()).as(context).isEmpty(); // a kill tears only the tail
            Map<String, String> recovered = new HashMap<>();
            for (Lease lease : journal.recovered().values()) {
                String address = lease.address().getHostAddress();
                int host = Integer.parseInt(address.substring(address.lastIndexOf('.') + 1));
                assertThat(lease).as(context).isEqualTo(LeaseJournalChild.lease(lease.address(), host,
                        lease.expires().getEpochSecond()));
                recovered.put(address, Long.toString(lease.expires().getEpochSecond()));
            }
            Set<String> addresses = new HashSet<>(acked.keySet());
            addresses.addAll(recovered.keySet());
            inFlight.forEach(op -> addresses.add(op[1]));
            for (String address : addresses) {
                List<String> allowed = new ArrayList<>(List.of(acked.getOrDefault(address, "-")));
                inFlight.stream().filter(op -> op[1].equals(address)).forEach(op -> allowed.add(op[2]));
                assertThat(recovered.getOrDefault(address, "-")).as("%s: %s", context, address).isIn(allowed);
            }
            // What is on disk now is durable whatever the child said: the next child starts from it.
            acked.clear();
            addresses.forEach(address -> acked.put(address, recovered.getOrDefault(address, "-")));
            inFlight.clear();
        }
    }
}
