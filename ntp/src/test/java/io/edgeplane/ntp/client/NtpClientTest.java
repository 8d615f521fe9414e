package io.edgeplane.ntp.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.Variables;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.ntp.server.NtpService;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client against two of edgeplane's own servers on loopback, both serving this machine's clock, one at
 * stratum 5 and one at stratum 10: the lower stratum is followed, unless the other is {@code prefer}red.
 */
class NtpClientTest {

    private final EventLoops loops = EventLoops.create(1);
    private final List<NtpService> servers = new ArrayList<>();
    private final List<NtpClient> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        clients.forEach(NtpClient::close);
        servers.forEach(server -> server.stop(Duration.ofSeconds(1)).join());
        loops.shutdown(Duration.ofSeconds(2));
    }

    private int server(int stratum) throws Exception {
        NtpService server = new NtpService(loops, new SimpleMeterRegistry(), Clock.systemUTC(), System::nanoTime,
                Runnable::run, InetAddress::getAllByName, java.util.Optional.empty());
        server.prepare(new ConfigLoader(Variables.of(Map.of())).parse("t.yaml", """
                ntp: { listen: [127.0.0.1:0], allow: [127.0.0.1], local_stratum: %d }
                """.formatted(stratum))).commit();
        servers.add(server);
        String endpoint = server.endpoints().getFirst();
        return Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1, endpoint.indexOf(' ')));
    }

    private static long unixNanos() {
        Instant now = Clock.systemUTC().instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private NtpClient client(List<SourceAddresses.Source> sources, List<SystemUpdate> updates) {
        NtpClient client = new NtpClient(sources, loops.group().next(), loops.datagramChannelType(), NtpClientTest::unixNanos,
                System::nanoTime, new SecureRandom(), updates::add);
        clients.add(client);
        client.start();
        return client;
    }

    private static SourceAddresses.Source source(int port, boolean prefer) {
        return new SourceAddresses.Source(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), "127.0.0.1",
                6, 10, true, prefer);
    }

    @Test
    void followsTheLowerStratumUnlessTheOtherIsPreferred() throws Exception {
        int stratumFive = server(5);
        int stratumTen = server(10);
        List<SystemUpdate> plain = new CopyOnWriteArrayList<>();
        List<SystemUpdate> preferring = new CopyOnWriteArrayList<>();
        NtpClient byStratum = client(List.of(source(stratumTen, false), source(stratumFive, false)), plain);
        NtpClient byPreference = client(List.of(source(stratumTen, true), source(stratumFive, false)), preferring);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        // Until both sources take part: a first selection may come from whichever answered first, alone.
        while (!(bothSelected(byStratum) && bothSelected(byPreference)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        assertThat(byStratum.status().synchronised()).as("synchronised: %s", byStratum.status()).isTrue();
        assertThat(byStratum.status().stratum()).isEqualTo(6);
        assertThat(byPreference.status().stratum()).as("the preferred stratum 10 server is followed").isEqualTo(11);
        // The clock updates may still all be the stratum 10 server's: after a change of system peer, RFC 5905's
        // clock_update never uses a sample older than the last one used, and the filter's pick may be older.
        assertThat(plain).isNotEmpty();
        assertThat(Math.abs(plain.getLast().offsetNanos())).as("both serve this machine's clock").isLessThan(5_000_000L);
        assertThat(byPreference.status().sources()).extracting(NtpClient.SourceStatus::state)
                .containsExactlyInAnyOrder("system peer", "combined");
    }

    private static boolean bothSelected(NtpClient client) {
        NtpClient.Status status = client.status();
        return status.synchronised() && status.sources().stream()
                .allMatch(source -> source.state().equals("system peer") || source.state().equals("combined"));
    }
}
