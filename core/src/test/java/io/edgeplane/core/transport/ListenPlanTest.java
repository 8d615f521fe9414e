package io.edgeplane.core.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.value.HostPort;
import io.edgeplane.core.lifecycle.ServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenPlanTest {

    private final List<String> closed = new ArrayList<>();
    private final List<HostPort> boundAddresses = new ArrayList<>();

    private String bind(HostPort address) throws ServiceException {
        if (address.port() == 666) {
            throw new ServiceException("cannot listen on " + address);
        }
        boundAddresses.add(address);
        return "socket " + address;
    }

    private static HostPort at(int port) {
        return new HostPort("127.0.0.1", port);
    }

    @Test
    void keepsTheSocketsOfAddressesStillWantedAndBindsOnlyTheNewOnes() throws Exception {
        Map<HostPort, String> running = Map.of(at(53), "old 53", at(123), "old 123");

        ListenPlan<String> plan = ListenPlan.of(running, List.of(at(53), at(5353)), this::bind, closed::add);

        assertThat(plan.sockets()).containsExactly(Map.entry(at(53), "old 53"), Map.entry(at(5353), "socket " + at(5353)));
        assertThat(plan.bound()).containsExactly("socket " + at(5353));
        assertThat(boundAddresses).containsExactly(at(5353));
        assertThat(closed).as("nothing closed before the commit").isEmpty();

        plan.closeDropped(running, closed::add);

        assertThat(closed).containsExactly("old 123");
    }

    @Test
    void aFailedBindClosesWhatThePlanBoundAndLeavesTheRunningSocketsAlone() {
        Map<HostPort, String> running = Map.of(at(53), "old 53");

        assertThatThrownBy(() -> ListenPlan.of(running, List.of(at(53), at(5353), at(666)), this::bind, closed::add))
                .isInstanceOf(ServiceException.class).hasMessageContaining("666");

        assertThat(closed).containsExactly("socket " + at(5353));
    }
}
