package io.edgeplane.vrrp.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.core.os.net.LinkEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class InterfaceTrackTest {

    /** A link source driven by the test. */
    static final class FakeLinks implements LinkSource {
        Consumer<LinkEvent> listener;
        int closed;

        @Override
        public Subscription watch(Consumer<LinkEvent> listener) {
            this.listener = listener;
            return () -> closed++;
        }

        void report(boolean up) {
            listener.accept(new LinkEvent(7, up, Optional.empty()));
        }

        void deleted() {
            listener.accept(new LinkEvent(7, false, Optional.empty()));
        }
    }

    @Test
    void followsEachChangeAtOnceWithoutFallOrRise() throws Exception {
        FakeLinks links = new FakeLinks();
        List<TrackedState> seen = new ArrayList<>();
        try (InterfaceTrack track = new InterfaceTrack("eth1", links)) {
            track.subscribe(() -> seen.add(track.state()));
            assertThat(track.name()).isEqualTo("interface eth1");
            assertThat(track.state()).isEqualTo(TrackedState.UNKNOWN);
            track.start();

            links.report(true);
            assertThat(track.state()).isEqualTo(TrackedState.UP);
            links.report(true);
            links.report(false);
            assertThat(track.state()).isEqualTo(TrackedState.DOWN);
            links.report(true);
            links.deleted();
            assertThat(track.state()).isEqualTo(TrackedState.DOWN);
        }
        assertThat(seen).containsExactly(TrackedState.UP, TrackedState.DOWN, TrackedState.UP, TrackedState.DOWN);
        assertThat(links.closed).isEqualTo(1);
    }

    @Test
    void closeStopsTheSourceAndLaterEventsAreIgnored() throws Exception {
        FakeLinks links = new FakeLinks();
        List<TrackedState> seen = new ArrayList<>();
        InterfaceTrack track = new InterfaceTrack("eth1", links);
        track.subscribe(() -> seen.add(track.state()));
        track.start();
        links.report(false);
        track.close();
        track.close();
        links.report(true);
        assertThat(links.closed).isEqualTo(1);
        assertThat(track.state()).isEqualTo(TrackedState.DOWN);
        assertThat(seen).containsExactly(TrackedState.DOWN);
    }
}
