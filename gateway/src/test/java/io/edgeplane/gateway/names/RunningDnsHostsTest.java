package io.edgeplane.gateway.names;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.core.names.HostRegistry;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.dns.server.DnsService;
import io.edgeplane.dns.zone.DynamicHosts;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lease names on their way to the DNS server: passed on to the one attached, kept for the next one. */
class RunningDnsHostsTest {

    private static final List<InetAddress> LAPTOP = List.of(address("198.18.7.60"));
    private static final List<InetAddress> PRINTER = List.of(address("198.18.7.61"));

    private final RunningDnsHosts names = new RunningDnsHosts();

    @Test
    void withADnsServerAttachedEveryCallReachesItsRegistry() {
        Recording dns = new Recording();
        names.attach(dns);

        names.register("dhcp", "laptop.lan.test", LAPTOP);
        names.unregister("dhcp", "laptop.lan.test");
        names.register("dhcp", "printer.lan.test", PRINTER);
        names.unregisterAll("dhcp");

        assertThat(dns.calls).containsExactly("register dhcp laptop.lan.test [/198.18.7.60]",
                "unregister dhcp laptop.lan.test", "register dhcp printer.lan.test [/198.18.7.61]",
                "unregisterAll dhcp");
    }

    @Test
    void aDnsServicesOwnRegistryReceivesTheNames() {
        try (EventLoops loops = EventLoops.create(1)) {
            DnsService dns = new DnsService(loops, new SimpleMeterRegistry(), System::nanoTime);
            names.register("dhcp", "early.lan.test", LAPTOP);

            names.attach(dns.hosts());
            names.register("dhcp", "printer.lan.test", PRINTER);

            DynamicHosts hosts = (DynamicHosts) dns.hosts();
            assertThat(hosts.size()).isEqualTo(2);
            names.unregisterAll("dhcp");
            assertThat(hosts.size()).isZero();
        }
    }

    @Test
    void withNoDnsServerNothingIsSentAndNothingFails() {
        names.register("dhcp", "laptop.lan.test", LAPTOP);
        names.unregister("dhcp", "laptop.lan.test");
        names.unregister("dhcp", "never.lan.test");
        names.unregisterAll("dhcp");
        names.unregisterAll("nobody");

        Recording dns = new Recording();
        names.attach(dns);
        assertThat(dns.calls).as("everything registered was taken back before").isEmpty();
    }

    @Test
    void aDnsServerAttachedLaterIsGivenEveryNameStillHeldBySource() {
        names.register("dhcp", "laptop.lan.test", LAPTOP);
        names.register("dhcp", "printer.lan.test", List.of(address("198.18.7.99")));
        names.register("dhcp", "printer.lan.test", PRINTER);
        names.register("dhcp", "gone.lan.test", LAPTOP);
        names.unregister("dhcp", "GONE.lan.test.");
        names.register("other", "nas.lan.test", PRINTER);

        Recording dns = new Recording();
        names.attach(dns);

        assertThat(dns.calls).containsExactlyInAnyOrder("register dhcp laptop.lan.test [/198.18.7.60]",
                "register dhcp printer.lan.test [/198.18.7.61]", "register other nas.lan.test [/198.18.7.61]");
    }

    @Test
    void aSecondDnsServerReplacesTheFirstAndIsGivenTheNames() {
        Recording first = new Recording();
        names.attach(first);
        names.register("dhcp", "laptop.lan.test", LAPTOP);

        Recording second = new Recording();
        names.attach(second);
        names.register("dhcp", "printer.lan.test", PRINTER);

        assertThat(first.calls).containsExactly("register dhcp laptop.lan.test [/198.18.7.60]");
        assertThat(second.calls).containsExactly("register dhcp laptop.lan.test [/198.18.7.60]",
                "register dhcp printer.lan.test [/198.18.7.61]");
    }

    @Test
    void aNameTheDnsServerRefusesFailsTheCallerAndIsNotGivenAgain() {
        names.attach(new DynamicHosts(1));
        names.register("dhcp", "laptop.lan.test", LAPTOP);

        assertThatThrownBy(() -> names.register("dhcp", "printer.lan.test", PRINTER))
                .isInstanceOf(IllegalStateException.class);

        Recording next = new Recording();
        names.attach(next);
        assertThat(next.calls).containsExactly("register dhcp laptop.lan.test [/198.18.7.60]");
    }

    @Test
    void aNameRefusedWhenGivenToANewDnsServerIsForgottenAndTheOthersStillGo() {
        names.register("dhcp", "laptop.lan.test", LAPTOP);
        names.register("dhcp", "printer.lan.test", PRINTER);
        DynamicHosts small = new DynamicHosts(1);

        names.attach(small);

        assertThat(small.size()).isOne();
        Recording next = new Recording();
        names.attach(next);
        assertThat(next.calls).hasSize(1);
    }

    /** Every call, in order. */
    private static final class Recording implements HostRegistry {
        final List<String> calls = new ArrayList<>();

        @Override
        public void register(String source, String name, List<InetAddress> addresses) {
            calls.add("register " + source + " " + name + " " + addresses);
        }

        @Override
        public void unregister(String source, String name) {
            calls.add("unregister " + source + " " + name);
        }

        @Override
        public void unregisterAll(String source) {
            calls.add("unregisterAll " + source);
        }
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
