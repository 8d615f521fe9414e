package io.edgeplane.proxy.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.edgeplane.config.proxy.ResolverConfig;
import io.edgeplane.config.value.HostPort;
import io.netty.handler.codec.dns.DnsResponseCode;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real DNS over UDP to a name server on loopback, through Netty's resolver on the resolver thread. */
class DnsNameLookupTest {

    private final ResolverThread thread = new ResolverThread();
    private TestDnsServer dns;
    private DnsNameLookup lookup;

    @AfterEach
    void close() {
        if (lookup != null) {
            lookup.close();
        }
        if (dns != null) {
            dns.close();
        }
        thread.close();
    }

    private DnsNameLookup lookupThrough(TestDnsServer server, Duration timeout) {
        ResolverConfig config = new ResolverConfig(List.of(new HostPort("127.0.0.1", server.address().getPort())),
                Optional.empty(), timeout);
        return new DnsNameLookup(config, thread.loop());
    }

    private static ResolvedName await(CompletableFuture<ResolvedName> answer) throws Exception {
        return answer.get(10, TimeUnit.SECONDS);
    }

    private static NameLookupException failure(CompletableFuture<ResolvedName> answer) {
        Throwable thrown = catchThrowable(() -> answer.get(10, TimeUnit.SECONDS));
        assertThat(thrown).isInstanceOf(ExecutionException.class).cause().isInstanceOf(NameLookupException.class);
        return (NameLookupException) thrown.getCause();
    }

    @Test
    void aNameResolvesToEveryAddressWithTheRecordsTtl() throws Exception {
        dns = new TestDnsServer("app.test", List.of("127.0.0.1", "127.0.0.2"), 42);
        lookup = lookupThrough(dns, Duration.ofSeconds(2));

        ResolvedName answer = await(lookup.lookup("app.test"));

        assertThat(answer.host()).isEqualTo("app.test");
        assertThat(answer.addresses()).containsExactly(InetAddress.getByName("127.0.0.1"), InetAddress.getByName("127.0.0.2"));
        assertThat(answer.ttl()).isEqualTo(Duration.ofSeconds(42));
        assertThat(dns.queries()).isEqualTo(1);
    }

    @Test
    void everyLookupAsksTheServerAgainSoTheCallerAloneDecidesWhen() throws Exception {
        dns = new TestDnsServer("app.test", List.of("127.0.0.1"), 300);
        lookup = lookupThrough(dns, Duration.ofSeconds(2));

        await(lookup.lookup("app.test"));
        dns.answer(List.of("127.0.0.3"), 300);
        ResolvedName second = await(lookup.lookup("app.test"));

        assertThat(second.addresses()).containsExactly(InetAddress.getByName("127.0.0.3"));
        assertThat(dns.queries()).isEqualTo(2);
    }

    @Test
    void anAnswerIsGivenOnTheResolverThread() throws Exception {
        dns = new TestDnsServer("app.test", List.of("127.0.0.1"), 5);
        lookup = lookupThrough(dns, Duration.ofSeconds(2));
        AtomicReference<String> thread = new AtomicReference<>();

        await(lookup.lookup("app.test").whenComplete((answer, failure) -> thread.set(Thread.currentThread().getName())));

        assertThat(thread.get()).startsWith("edgeplane-resolver");
    }

    @Test
    void anUnknownNameIsHostNotFound() throws Exception {
        dns = new TestDnsServer("app.test", List.of("127.0.0.1"), 5);
        lookup = lookupThrough(dns, Duration.ofSeconds(2));

        NameLookupException e = failure(lookup.lookup("other.test"));

        assertThat(e.reason()).isEqualTo("host not found");
        assertThat(e).hasMessage("cannot resolve other.test (host not found)");
    }

    @Test
    void aServerFailureIsReportedAsSuch() throws Exception {
        dns = new TestDnsServer("app.test", List.of("127.0.0.1"), 5);
        dns.fail(DnsResponseCode.SERVFAIL);
        lookup = lookupThrough(dns, Duration.ofSeconds(2));

        assertThat(failure(lookup.lookup("app.test")).reason()).contains("ServFail");
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        dns = new TestDnsServer("app.test", List.of("127.0.0.1"), 5);
        dns.silence();
        lookup = lookupThrough(dns, Duration.ofMillis(300));

        assertThat(failure(lookup.lookup("app.test")).reason())
                .isEqualTo("no answer from the name servers within 300ms");
    }

    @Test
    void theHostsFileIsConsultedFirstAndReadAgainWhenItChanges(@TempDir Path dir) throws Exception {
        dns = new TestDnsServer("app.test", List.of("127.0.0.1"), 5);
        dns.serveAlso("files.test");
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "# test\n10.1.2.3 files.test Files-Alias.test\n::1 six.test\n");
        ResolverConfig config = new ResolverConfig(List.of(new HostPort("127.0.0.1", dns.address().getPort())),
                Optional.empty(), Duration.ofSeconds(2));
        lookup = new DnsNameLookup(config, thread.loop(), hosts);

        ResolvedName fromFile = await(lookup.lookup("files.test"));
        assertThat(fromFile.addresses()).containsExactly(InetAddress.getByName("10.1.2.3"));
        assertThat(fromFile.ttl()).isEqualTo(DnsNameLookup.HOSTS_FILE_TTL);
        assertThat(await(lookup.lookup("FILES-alias.test")).addresses()).containsExactly(InetAddress.getByName("10.1.2.3"));
        assertThat(await(lookup.lookup("six.test")).addresses()).containsExactly(InetAddress.getByName("::1"));
        assertThat(dns.queries("files.test")).as("DNS is not asked for a name the file has").isZero();

        // An edit (another size, so even a coarse clock sees it) is followed on the next lookup.
        Files.writeString(hosts, "10.9.9.9 files.test\n");
        assertThat(await(lookup.lookup("files.test")).addresses()).containsExactly(InetAddress.getByName("10.9.9.9"));

        // Once the file no longer has the name, DNS answers for it.
        Files.writeString(hosts, "# empty\n");
        assertThat(await(lookup.lookup("files.test")).addresses()).containsExactly(InetAddress.getByName("127.0.0.1"));
        assertThat(dns.queries("files.test")).isEqualTo(1);
    }
}
