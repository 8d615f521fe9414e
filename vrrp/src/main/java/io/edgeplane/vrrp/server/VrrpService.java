package io.edgeplane.vrrp.server;

import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.vrrp.VrrpAddressConfig;
import io.edgeplane.config.vrrp.VrrpConfig;
import io.edgeplane.config.vrrp.VrrpInstanceConfig;
import io.edgeplane.core.lifecycle.Health;
import io.edgeplane.core.lifecycle.Service;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.core.os.net.Libc;
import io.edgeplane.core.os.net.Link;
import io.edgeplane.core.os.net.PacketSocket;
import io.edgeplane.core.os.net.Rtnetlink;
import io.edgeplane.config.vrrp.VrrpTrackConfig;
import io.edgeplane.core.health.HealthSignals;
import io.edgeplane.vrrp.notify.NotifyScripts;
import io.edgeplane.vrrp.state.VrrpSyncGroup;
import io.edgeplane.vrrp.track.InstanceTracking;
import io.edgeplane.vrrp.track.InterfaceTrack;
import io.edgeplane.vrrp.track.LinkSource;
import io.edgeplane.vrrp.track.ProxyCheck;
import io.edgeplane.vrrp.track.ScriptCheck;
import io.edgeplane.vrrp.track.Tracker;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.Inet6Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VRRP, keepalived's job: every configured instance advertising on its interface, taking and giving up its
 * virtual addresses as the election goes, sync groups moving together. All state machines run on one platform
 * thread of their own ("vrrp"), never on the shared event loops, so a busy proxy cannot delay an advert into a
 * failover; each interface's adverts are received on a thread of their own. A reload keeps the instances (and
 * sync groups) whose definition did not change and restarts the others; a stop sends priority 0 from every master
 * so the backups take over at once, and removes the virtual addresses.
 */
public final class VrrpService implements Service {

    private static final Logger log = LoggerFactory.getLogger(VrrpService.class);

    private final VrrpMeters meters;
    private final Optional<Libc> libc;
    private final LongSupplier nanos;
    private final Executor blocking;
    private final HealthSignals proxyHealth;
    private final NotifyScripts notify;
    private final ScheduledExecutorService thread;
    /** Touched on {@link #thread} only. */
    private final Map<String, RunningUnit> units = new LinkedHashMap<>();
    private final Map<AdvertisementChannel.Key, AdvertisementChannel> channels = new HashMap<>();
    private Rtnetlink netlink;
    private PacketSocket announcer;
    private volatile List<InstanceStatus> statuses = List.of();

    /**
     * @param libc        the Linux system calls; empty where there are none, and then a config with {@code vrrp} fails
     * @param nanos       the monotonic clock the state machines count on, {@link System#nanoTime()}
     * @param blocking    where track and notify scripts run and are waited for (never the VRRP thread)
     * @param proxyHealth the proxy's listeners and pools, for {@code track: { listener | pool }}
     */
    public VrrpService(MeterRegistry registry, Optional<Libc> libc, LongSupplier nanos, Executor blocking,
                       HealthSignals proxyHealth) {
        this.meters = new VrrpMeters(Objects.requireNonNull(registry, "registry"));
        this.libc = Objects.requireNonNull(libc, "libc");
        this.nanos = Objects.requireNonNull(nanos, "nanos");
        this.blocking = Objects.requireNonNull(blocking, "blocking");
        this.proxyHealth = Objects.requireNonNull(proxyHealth, "proxyHealth");
        this.notify = new NotifyScripts(blocking);
        this.thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("vrrp").daemon(true).factory());
    }

    @Override
    public String name() {
        return "vrrp";
    }

    @Override
    public Transition prepare(EdgeplaneConfig config) throws ServiceException {
        VrrpConfig vrrp = config.vrrp().orElseThrow(() -> new ServiceException("vrrp: the config has no vrrp section"));
        Libc calls = libc.orElseThrow(() -> new ServiceException(
                "vrrp: needs Linux (raw IP sockets, rtnetlink, packet sockets), which this platform is not"));
        Plan plan = onThread(() -> plan(calls, vrrp));
        return new Transition() {
            @Override
            public void commit() {
                thread.execute(() -> apply(plan));
            }

            @Override
            public void abort() {
                thread.execute(() -> {
                    plan.start().forEach(RunningUnit::closeTracking);
                    plan.opened().forEach(key -> closeIfUnused(key, true));
                });
            }
        };
    }

    /** What a config changes: units to stop, units to start, channels opened for them. */
    private record Plan(List<String> stop, List<RunningUnit> start, List<AdvertisementChannel.Key> opened) {
    }

    /**
     * A unit that runs, or is about to: its instances, each with its tracking, and the trackers they share (started
     * when the unit is built, so that a script that cannot run as its user fails the reload, not the commit).
     */
    private record RunningUnit(VrrpUnit unit, List<Member> members, List<AutoCloseable> trackers) {

        List<InstanceRunner> runners() {
            return members.stream().map(Member::runner).toList();
        }

        void closeTracking() {
            members.forEach(member -> member.tracking().close());
            trackers.forEach(VrrpService::closeQuietly);
        }
    }

    private record Member(InstanceRunner runner, InstanceTracking tracking) {
    }

    private Plan plan(Libc calls, VrrpConfig vrrp) throws IOException {
        if (netlink == null) {
            netlink = Rtnetlink.open(calls);
            announcer = PacketSocket.openSender(calls);
        }
        List<VrrpUnit> wanted = VrrpUnit.of(vrrp);
        List<String> stop = new ArrayList<>();
        for (Map.Entry<String, RunningUnit> running : units.entrySet()) {
            if (!wanted.contains(running.getValue().unit())) {
                stop.add(running.getKey());
            }
        }
        List<RunningUnit> start = new ArrayList<>();
        List<AdvertisementChannel.Key> opened = new ArrayList<>();
        try {
            for (VrrpUnit unit : wanted) {
                RunningUnit running = units.get(unit.name());
                if (running == null || !running.unit().equals(unit)) {
                    start.add(build(calls, vrrp, unit, opened));
                }
            }
        } catch (IOException | RuntimeException e) {
            start.forEach(RunningUnit::closeTracking);
            opened.forEach(key -> closeIfUnused(key, true));
            throw e;
        }
        return new Plan(stop, start, opened);
    }

    private RunningUnit build(Libc calls, VrrpConfig vrrp, VrrpUnit unit, List<AdvertisementChannel.Key> opened)
            throws IOException {
        List<Member> members = new ArrayList<>();
        UnitTrackers trackers = new UnitTrackers(calls, vrrp);
        try {
            for (VrrpInstanceConfig instance : unit.instances()) {
                AdvertisementChannel.Key key = new AdvertisementChannel.Key(instance.interfaceName(), instance.ipv6(),
                        instance.unicastSource());
                AdvertisementChannel channel = channels.get(key);
                if (channel == null) {
                    channel = AdvertisementChannel.open(calls, netlink, key, meters);
                    channels.put(key, channel);
                    opened.add(key);
                }
                VirtualAddresses addresses = new VirtualAddresses(instance.name(), entries(instance), netlink, announcer);
                InstanceRunner runner = new InstanceRunner(instance, InstanceSettingsMapping.settings(instance), channel,
                        addresses, thread, nanos, meters,
                        change -> notify.instanceChanged(change, instance.notifyPrograms()), this::settle);
                InstanceTracking tracking = InstanceTracking.of(vrrp, instance,
                        trackers.interfaceTrack(instance.interfaceName()), trackers::of,
                        status -> thread.execute(() -> runner.tracking(status)));
                tracking.start();
                members.add(new Member(runner, tracking));
            }
            trackers.start();
        } catch (IOException | RuntimeException e) {
            members.forEach(member -> member.tracking().close());
            trackers.all().forEach(VrrpService::closeQuietly);
            throw e;
        }
        return new RunningUnit(unit, members, trackers.all());
    }

    /** The trackers of one unit, one per script, interface, listener or pool however many members track it. */
    private final class UnitTrackers {
        private final Libc calls;
        private final VrrpConfig vrrp;
        private final Map<String, ScriptCheck> scripts = new LinkedHashMap<>();
        private final Map<String, InterfaceTrack> interfaces = new LinkedHashMap<>();
        private final Map<String, ProxyCheck> proxy = new LinkedHashMap<>();

        UnitTrackers(Libc calls, VrrpConfig vrrp) {
            this.calls = calls;
            this.vrrp = vrrp;
        }

        Tracker of(VrrpTrackConfig entry) {
            return switch (entry.kind()) {
                case SCRIPT -> scripts.computeIfAbsent(entry.target(),
                        name -> new ScriptCheck(name, vrrp.scripts().get(name), thread, blocking));
                case INTERFACE -> interfaceTrack(entry.target());
                case LISTENER, POOL -> proxy.computeIfAbsent(entry.kind().key() + " " + entry.target(),
                        key -> new ProxyCheck(entry.kind(), entry.target(), vrrp.fall(entry), vrrp.rise(entry),
                                proxyHealth, thread));
            };
        }

        InterfaceTrack interfaceTrack(String name) {
            return interfaces.computeIfAbsent(name, n -> new InterfaceTrack(n, listener -> {
                Link link = netlink.link(n).orElseThrow(() -> new IOException(
                        "vrrp: tracked interface " + n + " is not in this network namespace"));
                return LinkSource.monitor(calls, link.index()).watch(listener);
            }));
        }

        /** Starts them all; their first results reach the instances through their tracking. */
        void start() throws IOException {
            for (InterfaceTrack track : interfaces.values()) {
                track.start();
            }
            scripts.values().forEach(ScriptCheck::start);
            proxy.values().forEach(ProxyCheck::start);
        }

        List<AutoCloseable> all() {
            List<AutoCloseable> all = new ArrayList<>(interfaces.values());
            all.addAll(scripts.values());
            all.addAll(proxy.values());
            return all;
        }
    }

    private static void closeQuietly(AutoCloseable resource) {
        try {
            resource.close();
        } catch (Exception e) {
            log.warn("vrrp: closing {} failed: {}", resource, e.toString());
        }
    }

    private List<VirtualAddresses.Entry> entries(VrrpInstanceConfig instance) throws IOException {
        List<VirtualAddresses.Entry> entries = new ArrayList<>();
        for (VrrpAddressConfig vip : instance.virtualIps()) {
            String device = vip.device(instance.interfaceName());
            Link link = netlink.link(device).orElseThrow(() -> new IOException("vrrp " + instance.name()
                    + ": virtual address " + vip.address() + " is for interface " + device
                    + ", which is not in this network namespace"));
            boolean router = vip.address().address() instanceof Inet6Address && forwardsIpv6(device);
            entries.add(new VirtualAddresses.Entry(device, link.index(), link.hardwareAddress().orElseThrow(
                    () -> new IOException("vrrp " + instance.name() + ": interface " + device
                            + " has no hardware address to announce " + vip.address() + " with")),
                    vip.address().address(), vip.address().prefixLength(), vip.label(), router));
        }
        return entries;
    }

    /** keepalived sets the R flag on its neighbour advertisements when the interface forwards IPv6. */
    private static boolean forwardsIpv6(String device) {
        try {
            return Files.readString(Path.of("/proc/sys/net/ipv6/conf", device, "forwarding")).trim().equals("1");
        } catch (IOException e) {
            return false;
        }
    }

    private void apply(Plan plan) {
        for (String name : plan.stop()) {
            stop(units.remove(name));
            log.info("vrrp: {} stopped (gone from the config)", name);
        }
        for (RunningUnit unit : plan.start()) {
            RunningUnit previous = units.remove(unit.unit().name());
            if (previous != null) {
                stop(previous);
                log.info("vrrp: {} changed: restarted", unit.unit().name());
            }
            unit.unit().group().ifPresent(group -> new VrrpSyncGroup(group.name(),
                    unit.runners().stream().map(InstanceRunner::instance).toList(), change -> {
                        log.info("vrrp sync group {}: {} -> {}", change.name(), change.from(), change.to());
                        notify.groupChanged(change, group.notifyPrograms());
                    }));
            unit.members().forEach(member -> member.runner().start(member.tracking().status()));
            units.put(unit.unit().name(), unit);
        }
        new ArrayList<>(channels.keySet()).forEach(key -> closeIfUnused(key, false));
        settle();
    }

    private static void stop(RunningUnit unit) {
        unit.closeTracking();
        unit.runners().forEach(InstanceRunner::stop);
    }

    private void closeIfUnused(AdvertisementChannel.Key key, boolean opened) {
        AdvertisementChannel channel = channels.get(key);
        if (channel != null && channel.unused()) {
            channels.remove(key);
            channel.close();
            if (!opened) {
                log.info("vrrp: closed the sockets on {}: no instance uses them any more", key);
            }
        }
    }

    /** After any state machine moved: every instance's timer follows its machine, and the status is published. */
    private void settle() {
        List<InstanceStatus> now = new ArrayList<>();
        for (RunningUnit unit : units.values()) {
            for (InstanceRunner runner : unit.runners()) {
                runner.reschedule();
                now.add(runner.status());
            }
        }
        statuses = List.copyOf(now);
    }

    @Override
    public CompletableFuture<Void> stop(Duration grace) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    units.values().forEach(VrrpService::stop);
                    units.clear();
                    channels.values().forEach(AdvertisementChannel::close);
                    channels.clear();
                    if (netlink != null) {
                        netlink.close();
                        announcer.close();
                    }
                    statuses = List.of();
                } finally {
                    done.complete(null);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            done.complete(null);
        }
        return done.thenRun(() -> {
            // The stop notifications were queued as the instances stopped; keepalived gives them 1 s each.
            try {
                notify.awaitIdle(grace.plusSeconds(1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            notify.close();
        }).whenComplete((ignored, failure) -> thread.shutdown());
    }

    @Override
    public Health health() {
        List<InstanceStatus> now = statuses;
        List<String> faulted = now.stream().filter(s -> s.state().equals("fault")).map(InstanceStatus::name).toList();
        String detail = now.isEmpty() ? "no instance"
                : String.join(", ", now.stream().map(s -> s.name() + " " + s.state()).toList());
        return faulted.isEmpty() ? Health.up(detail) : Health.down(detail);
    }

    @Override
    public List<String> endpoints() {
        return statuses.stream().map(s -> "vrrp " + s.name() + " on " + s.interfaceName() + " (VRID " + s.vrid()
                + ", version " + s.version() + ", from " + s.primaryAddress() + ")").toList();
    }

    /** Every instance now, for the stats. */
    public List<InstanceStatus> statuses() {
        return statuses;
    }

    private <T> T onThread(ThrowingSupplier<T> task) throws ServiceException {
        try {
            return thread.submit(task::get).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ServiceException(cause.getMessage() == null ? "vrrp: " + cause : cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException("vrrp: interrupted while preparing", e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ServiceException("vrrp: preparing took over 30 s", e);
        }
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }
}
