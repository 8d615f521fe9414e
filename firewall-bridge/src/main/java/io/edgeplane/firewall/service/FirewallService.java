package io.edgeplane.firewall.service;

import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.firewall.FirewallConfig;
import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.core.lifecycle.Service;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.firewall.apply.ApplyResult;
import io.edgeplane.firewall.apply.FirewallApplier;
import io.edgeplane.firewall.apply.PreviousState;
import io.edgeplane.firewall.compile.FirewallCompiler;
import io.edgeplane.firewall.nft.NftAccess;
import io.edgeplane.firewall.nft.NftException;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.Ruleset;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's firewall as a service: each start and reload compiles the config's {@code firewall} section and puts it
 * in force in the prepare step, so that a ruleset nft refuses fails the whole reload and leaves every service, and the
 * kernel's table, as they were; an aborted reload puts the previous table back. An unchanged ruleset is not applied
 * again. nft runs on the blocking executor, never on an event loop, each run bounded by {@code firewall.timeout}.
 * When edgeplane stops, the table stays in force unless {@code on_stop: remove}.
 */
public final class FirewallService implements Service {

    private static final Logger LOG = LoggerFactory.getLogger(FirewallService.class);
    /**
     * An apply reads the table (two nft runs), loads the new one, reads it back (two more) and may restore the old one:
     * six runs at most, each bounded by {@code firewall.timeout}, and one for the Java work around them.
     */
    private static final int RUNS_PER_APPLY = 7;

    private final FirewallMeters meters;
    private final ExecutorService blocking;
    private final Clock clock;
    private final NftAccess nft;
    private final FirewallCompiler compiler = new FirewallCompiler();
    private final NftRenderer renderer = new NftRenderer();
    private final KernelWatch watch;
    private volatile InForce inForce;

    /**
     * @param blocking where nft runs
     * @param nft      how nft is reached; {@link NftAccess#system()} in production
     */
    public FirewallService(MeterRegistry registry, ExecutorService blocking, Clock clock, NftAccess nft) {
        this.meters = new FirewallMeters(Objects.requireNonNull(registry, "registry"));
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.nft = Objects.requireNonNull(nft, "nft");
        this.watch = new KernelWatch(meters, clock);
    }

    @Override
    public String name() {
        return "firewall";
    }

    @Override
    public Transition prepare(EdgeplaneConfig config) throws ServiceException {
        FirewallConfig firewall = config.firewall()
                .orElseThrow(() -> new ServiceException("firewall: the config has no firewall section"));
        Ruleset ruleset = compiler.compile(config);
        FirewallApplier applier;
        try {
            applier = new FirewallApplier(nft.command(firewall.nft(), firewall.timeout()), renderer);
        } catch (NftException e) {
            throw new ServiceException("firewall.nft: " + e.getMessage(), e);
        }
        // The table changes under the watch from here until commit or abort; it must not take that for drift.
        watch.suspend();
        ApplyResult result;
        try {
            result = onBlocking(() -> applier.apply(ruleset), firewall.timeout().multipliedBy(RUNS_PER_APPLY));
        } catch (ServiceException | RuntimeException e) {
            watch.resume();
            throw e;
        }
        return switch (result) {
            case ApplyResult.Failed failed -> {
                watch.resume();
                meters.apply("failed");
                throw new ServiceException(String.join("; ", failed.messages())
                        + (inForce == null ? "" : " (ruleset " + inForce.digest() + " stays in force)"));
            }
            case ApplyResult.Unchanged unchanged -> transition(new InForce(ruleset, unchanged.digest(), firewall, applier,
                    clock.instant()), "unchanged", Optional.empty());
            case ApplyResult.Applied applied -> transition(new InForce(ruleset, applied.digest(), firewall, applier,
                    clock.instant()), "applied", Optional.of(applied.previous()));
        };
    }

    private Transition transition(InForce next, String outcome, Optional<PreviousState> previous) {
        return new Transition() {
            @Override
            public void commit() {
                InForce before = inForce;
                inForce = next;
                meters.apply(outcome);
                meters.rules(next.ruleset().ruleCount());
                next.ruleset().warnings().forEach(warning -> LOG.warn("firewall: {}", warning));
                if (before == null || !before.digest().equals(next.digest())) {
                    LOG.info("firewall: ruleset {} {} ({} rules in table inet edgeplane)", next.digest(),
                            outcome.equals("applied") ? "applied" : "already in force", next.ruleset().ruleCount());
                }
                watch.watch(next, previous.isPresent());
            }

            @Override
            public void abort() {
                previous.ifPresent(state -> {
                    List<String> problems = next.applier().restore(state);
                    if (problems.isEmpty()) {
                        LOG.info("firewall: reload aborted; the previous table is back in force");
                    } else {
                        LOG.error("firewall: reload aborted, and the previous table could not be put back: {}",
                                String.join("; ", problems));
                    }
                });
                watch.resume();
            }
        };
    }

    @Override
    public CompletableFuture<Void> stop(Duration grace) {
        InForce current = inForce;
        boolean remove = current != null && current.config().onStop() == FirewallConfig.OnStop.REMOVE;
        return stop(current, remove, "on_stop: " + (remove ? "remove" : "keep"));
    }

    /**
     * A reload took the firewall section out of the config: the table goes too, whatever {@code on_stop} says. It
     * outlives a stopping process on purpose; it must not outlive the config that asked for it.
     */
    @Override
    public CompletableFuture<Void> retire(Duration grace) {
        return stop(inForce, true, "the config has no firewall section any more");
    }

    private CompletableFuture<Void> stop(InForce current, boolean remove, String why) {
        watch.stop();
        if (current == null || !remove) {
            if (current != null) {
                LOG.info("firewall: stopping; ruleset {} stays in force ({})", current.digest(), why);
            }
            meters.close();
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            List<String> problems = current.applier().remove();
            if (problems.isEmpty()) {
                LOG.info("firewall: stopping; table inet edgeplane removed ({})", why);
            } else {
                LOG.error("firewall: could not remove table inet edgeplane: {}", String.join("; ", problems));
            }
        }, blocking).whenComplete((ignored, error) -> meters.close());
    }

    @Override
    public Health health() {
        InForce current = inForce;
        if (current == null) {
            return Health.down("no ruleset applied yet");
        }
        List<String> drift = watch.drift();
        if (!drift.isEmpty()) {
            return Health.down("the kernel's table differs from ruleset " + current.digest() + ": " + drift.getFirst()
                    + "; a reload puts it back");
        }
        return Health.up("table inet edgeplane: ruleset " + current.digest() + ", " + current.ruleset().ruleCount()
                + " rules");
    }

    @Override
    public List<String> endpoints() {
        InForce current = inForce;
        return current == null ? List.of() : List.of("nft table inet edgeplane (ruleset " + current.digest() + ", "
                + current.ruleset().ruleCount() + " rules)");
    }

    /** The firewall's state for the stats page; empty until a ruleset is in force. */
    public Optional<FirewallStatus> status() {
        InForce current = inForce;
        if (current == null) {
            return Optional.empty();
        }
        KernelWatch.Check check = watch.lastCheck();
        return Optional.of(new FirewallStatus(current.digest(), current.ruleset().ruleCount(), current.appliedAt(),
                check.at(), check.drift(), check.denied(), current.ruleset().warnings(),
                current.config().onStop().name().toLowerCase(java.util.Locale.ROOT)));
    }

    /** The watch over the kernel's table, for tests that read it back without waiting for {@code check_interval}. */
    KernelWatch watch() {
        return watch;
    }

    private <T> T onBlocking(Supplier<T> work, Duration limit) throws ServiceException {
        CompletableFuture<T> future = CompletableFuture.supplyAsync(work, blocking);
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ServiceException("firewall: applying the ruleset took longer than " + limit.toSeconds()
                    + "s; 'edgeplane firewall diff' shows what the kernel holds", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ServiceException("firewall: applying the ruleset failed: "
                    + (cause.getMessage() != null ? cause.getMessage() : cause.toString()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException("firewall: interrupted while applying the ruleset", e);
        }
    }
}
