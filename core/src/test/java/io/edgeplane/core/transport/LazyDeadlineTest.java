package io.edgeplane.core.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Driven by an EmbeddedChannel's event loop, whose scheduled tasks run when the test runs them. */
class LazyDeadlineTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void expiresOnceWhenItsTimeHasCome() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        AtomicInteger expired = new AtomicInteger();
        LazyDeadline deadline = new LazyDeadline(channel.eventLoop(), expired::incrementAndGet);
        deadline.start(System.nanoTime(), 20 * MS);
        channel.runPendingTasks();
        assertThat(expired).hasValue(0);
        Thread.sleep(30);
        channel.runScheduledPendingTasks();
        assertThat(expired).hasValue(1);
        Thread.sleep(30);
        channel.runScheduledPendingTasks();
        assertThat(expired).as("once").hasValue(1);
        channel.finishAndReleaseAll();
    }

    @Test
    void aMovedDeadlineIsCheckedAgainRatherThanFired() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        AtomicInteger expired = new AtomicInteger();
        LazyDeadline deadline = new LazyDeadline(channel.eventLoop(), expired::incrementAndGet);
        deadline.start(System.nanoTime(), 20 * MS);
        Thread.sleep(10);
        deadline.start(System.nanoTime(), 5_000 * MS);   // later: the pending check stays and reschedules itself
        Thread.sleep(25);
        channel.runScheduledPendingTasks();
        assertThat(expired).as("the first check found time left").hasValue(0);
        deadline.start(System.nanoTime(), MS);
        Thread.sleep(20);
        channel.runScheduledPendingTasks();
        assertThat(expired).hasValue(1);
        channel.finishAndReleaseAll();
    }

    @Test
    void anEarlierDeadlineIsCheckedSooner() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        AtomicInteger expired = new AtomicInteger();
        LazyDeadline deadline = new LazyDeadline(channel.eventLoop(), expired::incrementAndGet);
        deadline.start(System.nanoTime(), 10_000 * MS);
        deadline.start(System.nanoTime(), 10 * MS);
        Thread.sleep(25);
        channel.runScheduledPendingTasks();
        assertThat(expired).hasValue(1);
        channel.finishAndReleaseAll();
    }

    @Test
    void clearedOrStoppedDeadlinesNeverFire() throws Exception {
        EmbeddedChannel channel = new EmbeddedChannel();
        AtomicInteger expired = new AtomicInteger();
        LazyDeadline cleared = new LazyDeadline(channel.eventLoop(), expired::incrementAndGet);
        LazyDeadline stopped = new LazyDeadline(channel.eventLoop(), expired::incrementAndGet);
        cleared.start(System.nanoTime(), 10 * MS);
        stopped.start(System.nanoTime(), 10 * MS);
        cleared.clear();
        stopped.stop();
        Thread.sleep(25);
        channel.runScheduledPendingTasks();
        assertThat(expired).hasValue(0);
        channel.finishAndReleaseAll();
    }
}
