package io.edgeplane.core.os.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code ip link set down/up} in a namespace, as a link monitor opened there reports it. */
class LinkMonitorNamespaceTest {

    private VethPair pair;
    private final BlockingQueue<LinkEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void createPair() throws Exception {
        pair = VethPair.create();
    }

    @AfterEach
    void deletePair() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    private LinkEvent next() throws InterruptedException {
        LinkEvent event = events.poll(3, TimeUnit.SECONDS);
        assertThat(event).as("a link event within 3 s").isNotNull();
        return event;
    }

    @Test
    void reportsTheStateFirstThenEachChangeBetweenUpAndDown() throws Exception {
        try (LinkMonitor monitor = pair.a.call(() -> LinkMonitor.start(pair.libc, pair.ifindexA, events::add))) {
            LinkEvent first = next();
            assertThat(first.up()).isTrue();
            assertThat(first.ifindex()).isEqualTo(pair.ifindexA);
            assertThat(first.link()).map(Link::name).contains(pair.interfaceA);

            VethPair.ip("-n", pair.a.name(), "link", "set", pair.interfaceA, "down");
            LinkEvent down = next();
            assertThat(down.up()).isFalse();
            assertThat(down.link().orElseThrow().isUp()).isFalse();

            VethPair.ip("-n", pair.a.name(), "link", "set", pair.interfaceA, "up");
            LinkEvent up = next();
            assertThat(up.up()).isTrue();
            assertThat(up.link().orElseThrow().isOperational()).isTrue();

            // The peer going down takes the carrier: IFF_UP stays, IFF_RUNNING and IFF_LOWER_UP go.
            VethPair.ip("-n", pair.b.name(), "link", "set", pair.interfaceB, "down");
            LinkEvent noCarrier = next();
            assertThat(noCarrier.up()).isFalse();
            assertThat(noCarrier.link().orElseThrow().isUp()).isTrue();
            assertThat(noCarrier.link().orElseThrow().isLowerUp()).isFalse();
            assertThat(noCarrier.link().orElseThrow().operState()).isEqualTo(OperState.DOWN);

            // A change that is not between up and down (the MTU) is not reported.
            VethPair.ip("-n", pair.a.name(), "link", "set", pair.interfaceA, "mtu", "1400");
            assertThat(events.poll(300, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void aDeletedInterfaceIsReportedDownAndCloseStopsTheThreadPromptly() throws Exception {
        LinkMonitor monitor = pair.a.call(() -> LinkMonitor.start(pair.libc, pair.ifindexA, events::add));
        try {
            assertThat(next().up()).isTrue();
            VethPair.ip("-n", pair.a.name(), "link", "delete", pair.interfaceA);
            LinkEvent down = next();
            assertThat(down.up()).isFalse();
            LinkEvent gone = down.link().isEmpty() ? down : next();
            assertThat(gone.up()).isFalse();
            assertThat(gone.link()).isEmpty();
        } finally {
            long start = System.nanoTime();
            monitor.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(100);
            assertThat(monitor.isRunning()).isFalse();
        }
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheMonitor() throws Exception {
        try (LinkMonitor monitor = pair.a.call(() -> LinkMonitor.start(pair.libc, pair.ifindexA, event -> {
            events.add(event);
            throw new IllegalStateException("listener failure, expected by the test");
        }))) {
            assertThat(next().up()).isTrue();
            VethPair.ip("-n", pair.a.name(), "link", "set", pair.interfaceA, "down");
            assertThat(next().up()).isFalse();
            assertThat(monitor.isRunning()).isTrue();
        }
    }
}
