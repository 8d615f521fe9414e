package io.edgeplane.proxy.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** When a watch asks again, and what it does with the answer, on a hand-moved clock. */
class NameWatchTest {

    private static final String HOST = "app.test";

    /** Lookups the test answers by hand, in the order they were asked. */
    private final List<CompletableFuture<ResolvedName>> lookups = new ArrayList<>();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final List<List<InetAddress>> published = new ArrayList<>();
    private final AtomicInteger failures = new AtomicInteger();

    private NameWatch start(RefreshPolicy policy, ResolvedName initial) {
        NameLookup lookup = host -> {
            assertThat(host).isEqualTo(HOST);
            CompletableFuture<ResolvedName> answer = new CompletableFuture<>();
            lookups.add(answer);
            return answer;
        };
        return NameWatch.start("app", initial, lookup, policy, scheduler, published::add, failures::incrementAndGet);
    }

    private NameWatch start(ResolvedName initial) {
        return start(new RefreshPolicy(Optional.empty()), initial);
    }

    private static ResolvedName name(long ttlSeconds, String... addresses) throws Exception {
        List<InetAddress> parsed = new ArrayList<>();
        for (String address : addresses) {
            parsed.add(InetAddress.getByName(address));
        }
        return new ResolvedName(HOST, parsed, Duration.ofSeconds(ttlSeconds));
    }

    private CompletableFuture<ResolvedName> last() {
        return lookups.getLast();
    }

    @Test
    void theNameIsAskedAgainWhenItsTtlRunsOutAndNotBefore() throws Exception {
        start(name(30, "10.0.0.1"));

        scheduler.advance(Duration.ofSeconds(29));
        assertThat(lookups).isEmpty();
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(lookups).hasSize(1);

        // The next answer's TTL sets the next refresh.
        last().complete(name(5, "10.0.0.1"));
        assertThat(scheduler.nextIn()).isEqualTo(Duration.ofSeconds(5));
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(lookups).hasSize(2);
        assertThat(published).as("the same address is not published again").isEmpty();
    }

    @Test
    void aZeroTtlIsAskedAgainAfterOneSecondOnly() throws Exception {
        start(name(0, "10.0.0.1"));

        assertThat(scheduler.nextIn()).isEqualTo(Duration.ofSeconds(1));
        scheduler.advance(Duration.ofMillis(999));
        assertThat(lookups).isEmpty();
        scheduler.advance(Duration.ofMillis(1));
        assertThat(lookups).hasSize(1);
    }

    @Test
    void validOverridesTheTtl() throws Exception {
        start(new RefreshPolicy(Optional.of(Duration.ofSeconds(10))), name(3600, "10.0.0.1"));

        scheduler.advance(Duration.ofSeconds(10));
        assertThat(lookups).hasSize(1);
        last().complete(name(1, "10.0.0.1"));
        assertThat(scheduler.nextIn()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void newAddressesArePublishedAndTheSameOnesInAnotherOrderAreNot() throws Exception {
        start(name(1, "10.0.0.1", "10.0.0.2"));

        scheduler.advance(Duration.ofSeconds(1));
        last().complete(name(1, "10.0.0.2", "10.0.0.1"));
        assertThat(published).isEmpty();

        scheduler.advance(Duration.ofSeconds(1));
        last().complete(name(1, "10.0.0.3"));
        assertThat(published).containsExactly(name(1, "10.0.0.3").addresses());
    }

    @Test
    void aFailedLookupKeepsTheAddressesIsCountedAndRetriedSoonerWithBackoff() throws Exception {
        start(name(60, "10.0.0.1"));
        scheduler.advance(Duration.ofSeconds(60));

        last().completeExceptionally(new NameLookupException(HOST, "the name server answered ServFail(2)", null));
        assertThat(failures).hasValue(1);
        assertThat(published).isEmpty();
        assertThat(scheduler.nextIn()).isEqualTo(Duration.ofSeconds(1));

        scheduler.advance(Duration.ofSeconds(1));
        last().completeExceptionally(new NameLookupException(HOST, "no answer", null));
        assertThat(failures).hasValue(2);
        assertThat(scheduler.nextIn()).isEqualTo(Duration.ofSeconds(2));

        scheduler.advance(Duration.ofSeconds(2));
        last().complete(name(60, "10.0.0.9"));
        assertThat(published).containsExactly(name(60, "10.0.0.9").addresses());
        assertThat(scheduler.nextIn()).as("back on the TTL once it answers").isEqualTo(Duration.ofSeconds(60));
        assertThat(lookups).hasSize(3);
    }

    @Test
    void aFailureOfAShortLivedNameIsRetriedNoLaterThanItsTtl() throws Exception {
        start(name(1, "10.0.0.1"));
        for (int i = 0; i < 5; i++) {
            scheduler.advance(Duration.ofSeconds(1));
            last().completeExceptionally(new NameLookupException(HOST, "no answer", null));
        }

        assertThat(lookups).hasSize(5);
        assertThat(failures).hasValue(5);
        assertThat(scheduler.nextIn()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void closingStopsTheRefreshesAndIgnoresALookupInFlight() throws Exception {
        NameWatch watch = start(name(1, "10.0.0.1"));
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(lookups).hasSize(1);

        watch.close();
        last().complete(name(1, "10.0.0.2"));
        scheduler.advance(Duration.ofSeconds(10));

        assertThat(published).isEmpty();
        assertThat(lookups).hasSize(1);
        assertThat(scheduler.nextIn()).isNull();
    }

    @Test
    void closingBeforeTheFirstRefreshCancelsIt() throws Exception {
        NameWatch watch = start(name(5, "10.0.0.1"));

        watch.close();
        scheduler.advance(Duration.ofMinutes(1));

        assertThat(lookups).isEmpty();
    }
}
