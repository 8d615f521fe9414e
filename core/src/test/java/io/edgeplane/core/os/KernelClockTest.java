package io.edgeplane.core.os;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real system call, read-only: {@code modes = 0} and {@code ADJ_OFFSET_SS_READ}, which change nothing even
 * when the tests run as root. Nothing here may call an adjusting method.
 */
class KernelClockTest {

    private KernelClock clock;

    @BeforeEach
    void bind() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        boolean supported = System.getProperty("os.name").startsWith("Linux")
                && (arch.equals("amd64") || arch.equals("aarch64"));
        assumeTrue(supported, "clock_adjtime is bound on Linux x86_64 and aarch64 only, this is "
                + System.getProperty("os.name") + " " + arch);
        Optional<KernelClock> loaded = KernelClock.load();
        assertThat(loaded).as("clock_adjtime or adjtimex in glibc").isPresent();
        assertThat(KernelClock.isAvailable()).isTrue();
        clock = loaded.orElseThrow();
    }

    @Test
    void readReturnsThePlausibleStateOfThisMachinesClock() {
        long before = System.currentTimeMillis();
        KernelClockState s = clock.read();
        long after = System.currentTimeMillis();

        assertThat(clock.symbol()).isEqualTo("clock_adjtime");
        assertThat(s.state()).isNotNull();
        assertThat(s.statusBits() & ~0xFFFF).as("only bits <sys/timex.h> knows").isZero();
        assertThat(s.frequencyPpm()).isBetween(-500.0, 500.0);
        assertThat(s.tolerancePpm()).as("MAXFREQ").isEqualTo(500.0);
        assertThat(s.maxErrorMicros()).isNotNegative();
        assertThat(s.estErrorMicros()).isNotNegative();
        assertThat(s.tickMicros()).isPositive();
        assertThat(s.precisionMicros()).isNotNegative();
        assertThat(s.time()).isBetween(Instant.ofEpochMilli(before).minusSeconds(2), Instant.ofEpochMilli(after).plusSeconds(2));
        assertThat(s.synchronised()).isEqualTo(!s.status().contains(ClockStatus.STA_UNSYNC));
        if (!s.synchronised()) {
            assertThat(s.state()).as("the kernel reports an unsynchronised clock as TIME_ERROR")
                    .isEqualTo(ClockState.TIME_ERROR);
        }
    }

    @Test
    void pendingSlewIsReadWithoutPrivilegeOrChange() {
        long pending = clock.pendingSlewNanos();
        assertThat(Math.abs(pending)).isLessThanOrEqualTo(Timex.MAX_SLEW_NANOS);
        assertThat(pending % 1_000).as("the kernel counts microseconds").isZero();
    }

    @Test
    void manyThreadsReadAtOnce() throws Exception {
        int threads = 8;
        int reads = 2_000;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Duration>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    Duration worst = Duration.ZERO;
                    for (int i = 0; i < reads; i++) {
                        Instant now = Instant.now();
                        KernelClockState s = clock.read();
                        assertThat(s.frequencyPpm()).isBetween(-500.0, 500.0);
                        Duration apart = Duration.between(now, s.time()).abs();
                        worst = apart.compareTo(worst) > 0 ? apart : worst;
                    }
                    return worst;
                }));
            }
            for (Future<Duration> result : results) {
                assertThat(result.get()).isLessThan(Duration.ofSeconds(2));
            }
        }
    }

    @Test
    void fallsBackToAdjtimexWhenClockAdjtimeIsMissing() {
        Linker linker = Linker.nativeLinker();
        SymbolLookup libc = linker.defaultLookup();
        SymbolLookup withoutClockAdjtime = name -> name.equals("clock_adjtime") ? Optional.empty() : libc.find(name);

        KernelClock fallback = KernelClock.bind(linker, withoutClockAdjtime).orElseThrow();

        assertThat(fallback.symbol()).isEqualTo("adjtimex");
        KernelClockState viaAdjtimex = fallback.read();
        KernelClockState viaClockAdjtime = clock.read();
        assertThat(viaAdjtimex.tickMicros()).isEqualTo(viaClockAdjtime.tickMicros());
        assertThat(viaAdjtimex.tolerancePpm()).isEqualTo(viaClockAdjtime.tolerancePpm());
        assertThat(Duration.between(viaAdjtimex.time(), viaClockAdjtime.time()).abs()).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void neitherSymbolMeansNoClock() {
        assertThat(KernelClock.bind(Linker.nativeLinker(), name -> Optional.empty())).isEmpty();
    }
}
