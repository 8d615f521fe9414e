package io.edgeplane.dhcp.lease;

import io.edgeplane.dhcp.codec.HardwareAddress;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The DHCP server's side of {@link LeaseJournalKillTest}, run in a child JVM that the test kills with SIGKILL. Forever:
 * buffers a few grants and releases, says which ({@code TRY <ip> <expiry>} or {@code TRY <ip> -}), commits, says they
 * are ACKed ({@code ACK <ip> <expiry>} or {@code ACK <ip> -}), and now and then compacts. Expiries grow from
 * {@code args[1]} so that every grant is told apart from every other.
 */
public final class LeaseJournalChild {

    private LeaseJournalChild() {
    }

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[0]);
        long expiry = Long.parseLong(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.US_ASCII);
        try (LeaseJournal journal = LeaseJournal.open(file, Clock.systemUTC())) {
            Map<Inet4Address, Lease> live = new HashMap<>(journal.recovered());
            out.println("READY");
            out.flush();
            StringBuilder acks = new StringBuilder();
            while (true) {
                acks.setLength(0);
                int batch = 1 + random.nextInt(8);
                for (int i = 0; i < batch; i++) {
                    int host = random.nextInt(64);
                    Inet4Address address = Inet4Address.ofLiteral("198.18.0." + host);
                    String state;
                    if (random.nextInt(5) == 0) {
                        journal.remove(address);
                        live.remove(address);
                        state = "-";
                    } else {
                        Lease lease = lease(address, host, expiry++);
                        journal.put(lease);
                        live.put(address, lease);
                        state = Long.toString(lease.expires().getEpochSecond());
                    }
                    out.println("TRY " + address.getHostAddress() + " " + state);
                    acks.append("ACK ").append(address.getHostAddress()).append(' ').append(state).append('\n');
                }
                out.flush(); // the test must know what may be on disk before it can be
                journal.commit();
                out.print(acks);
                out.flush();
                if (random.nextInt(16) == 0 || journal.wantsCompaction(live.size())) {
                    out.println("COMPACT");
                    out.flush();
                    journal.compact(live.values());
                    out.println("COMPACTED");
                    out.flush();
                }
            }
        }
    }

    /** Host name and client identifier follow from the address, so the test can check the whole lease. */
    static Lease lease(Inet4Address address, int host, long expiry) {
        return new Lease(address, new HardwareAddress(new byte[] {0x52, 0x54, 0, 0x12, 0x34, (byte) host}),
                Optional.of(new ClientId(new byte[] {1, 0x52, 0x54, 0, 0x12, 0x34, (byte) host})),
                Optional.of("host-" + host), Instant.ofEpochSecond(expiry));
    }
}
