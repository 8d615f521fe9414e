package io.edgeplane.vrrp.state;

import io.edgeplane.vrrp.codec.DecodeResult;
import io.edgeplane.vrrp.codec.VrrpAdvertisement;
import io.edgeplane.vrrp.codec.VrrpAdvertisementDecoder;
import io.edgeplane.vrrp.codec.VrrpAdvertisementEncoder;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * A LAN in memory: routers whose instances send adverts through the real codec to every other router, after 1 to
 * 3 ms, unless the link between them is cut or the packet is lost. One fake clock drives it all.
 */
final class SimulatedNetwork {

    static final InetAddress GROUP = InetAddress.ofLiteral("224.0.0.18");

    final FakeClock clock = new FakeClock(0);
    final List<Router> routers = new ArrayList<>();
    private final Random random;
    private final PriorityQueue<Delivery> inFlight =
            new PriorityQueue<>(Comparator.comparingLong(Delivery::at).thenComparingLong(Delivery::sequence));
    private final Set<Set<Router>> cutLinks = new HashSet<>();
    private double loss;
    private long sequence;

    SimulatedNetwork(long seed) {
        this.random = new Random(seed);
    }

    Router router(String address, Function<Integer, VrrpInstanceSettings> settingsByVrid, int... vrids) {
        Router router = new Router(InetAddress.ofLiteral(address));
        for (int vrid : vrids) {
            router.add(settingsByVrid.apply(vrid));
        }
        routers.add(router);
        return router;
    }

    void loss(double probability) {
        this.loss = probability;
    }

    void cut(Router a, Router b) {
        if (a != b) {
            cutLinks.add(Set.of(a, b));
        }
    }

    void heal() {
        cutLinks.clear();
        loss = 0;
    }

    /** Runs every delivery and timer due within {@code duration}. */
    void run(Duration duration) {
        long end = clock.getAsLong() + duration.toNanos();
        while (true) {
            long next = end;
            if (!inFlight.isEmpty()) {
                next = Math.min(next, inFlight.peek().at());
            }
            for (Router router : routers) {
                for (Member member : router.members) {
                    if (member.instance.nextDeadline().isPresent()) {
                        next = Math.min(next, member.instance.nextDeadline().getAsLong());
                    }
                }
            }
            if (next >= end) {
                break;
            }
            clock.set(Math.max(clock.getAsLong(), next));
            while (!inFlight.isEmpty() && inFlight.peek().at() <= clock.getAsLong()) {
                inFlight.poll().deliver();
            }
            for (Router router : routers) {
                for (Member member : router.members) {
                    member.instance.onTimer();
                }
            }
        }
        clock.set(end);
    }

    /** The routers that are master of {@code vrid} now. */
    List<Router> masters(int vrid) {
        return routers.stream().filter(r -> r.member(vrid).instance.state() == VrrpState.MASTER).toList();
    }

    /** The routers that hold {@code vrid}'s addresses now. */
    List<Router> holders(int vrid) {
        return routers.stream().filter(r -> r.member(vrid).holdsAddresses).toList();
    }

    record Delivery(long at, long sequence, Router to, int vrid, byte[] wire, InetAddress source) {
        void deliver() {
            DecodeResult result = VrrpAdvertisementDecoder.decode(wire, 0, wire.length, source, GROUP, 255);
            if (result instanceof DecodeResult.Valid valid && to.running) {
                to.member(vrid).instance.receive(valid.advertisement(), source, GROUP);
            }
        }
    }

    final class Router {
        final InetAddress address;
        final List<Member> members = new ArrayList<>();
        boolean running;

        Router(InetAddress address) {
            this.address = address;
        }

        void add(VrrpInstanceSettings settings) {
            members.add(new Member(this, settings));
        }

        Member member(int vrid) {
            return members.stream().filter(m -> m.instance.settings().vrid() == vrid).findFirst().orElseThrow();
        }

        VrrpInstance instance(int vrid) {
            return member(vrid).instance;
        }

        void start() {
            running = true;
            members.forEach(m -> m.instance.start());
        }

        void stop() {
            members.forEach(m -> m.instance.stop());
            running = false;
        }

        @Override
        public String toString() {
            return address.getHostAddress();
        }
    }

    final class Member implements VrrpActions {
        final Router router;
        final VrrpInstance instance;
        final List<StateChange> changes = new ArrayList<>();
        boolean holdsAddresses;

        Member(Router router, VrrpInstanceSettings settings) {
            this.router = router;
            this.instance = new VrrpInstance(settings, router.address, clock, this);
        }

        @Override
        public void sendAdvertisement(VrrpAdvertisement advertisement) {
            byte[] wire = VrrpAdvertisementEncoder.encode(advertisement, router.address, GROUP);
            for (Router other : routers) {
                if (other == router || cutLinks.contains(Set.of(router, other)) || random.nextDouble() < loss) {
                    continue;
                }
                long latency = 1_000_000L + random.nextInt(2_000_000);
                inFlight.add(new Delivery(clock.getAsLong() + latency, sequence++, other, advertisement.vrid(), wire,
                        router.address));
            }
        }

        @Override
        public void addVirtualAddresses() {
            holdsAddresses = true;
        }

        @Override
        public void removeVirtualAddresses() {
            holdsAddresses = false;
        }

        @Override
        public void sendGratuitousArps(int rounds) {
        }

        @Override
        public void cancelGratuitousArps() {
        }

        @Override
        public void stateChanged(StateChange change) {
            changes.add(change);
        }
    }
}
