package io.edgeplane.dns.zone;

import static io.edgeplane.dns.zone.Zones.address;
import static io.edgeplane.dns.zone.Zones.config;
import static io.edgeplane.dns.zone.Zones.ip;
import static io.edgeplane.dns.zone.Zones.records;
import static io.netty.handler.codec.dns.DnsRecordType.A;
import static io.netty.handler.codec.dns.DnsRecordType.AAAA;
import static io.netty.handler.codec.dns.DnsRecordType.PTR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.core.names.HostRegistry;
import io.edgeplane.dns.zone.LocalAnswer.NoData;
import io.edgeplane.dns.zone.LocalAnswer.NotLocal;
import io.edgeplane.dns.zone.LocalAnswer.NxDomain;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Names registered at runtime: answered after static data, removed by the source that added them, kept over reloads. */
class DynamicHostsTest {

    private static final String YAML = """
            dns:
              listen: [127.0.0.1:5353]
              domain: localdomain
              expand_hosts: true
              local_ttl: 5s
              addresses: { app1.local: [127.0.0.1] }
              hosts:
                printer.localdomain: [192.168.77.10]
              records:
                - { name: svc.localdomain, txt: [static] }
            """;

    private final DynamicHosts dynamic = new DynamicHosts();
    private final LocalZone zone = LocalZone.build(config(YAML), List.of(), dynamic);

    @Test
    void aRegisteredBareNameAnswersExpandedWithAPtrToTheExpandedName() {
        HostRegistry registry = dynamic;
        registry.register("dhcp", "Laptop", List.of(ip("192.168.77.50"), ip("2001:db8::50")));

        assertThat(records(zone.lookup("laptop.localdomain", A)))
                .containsExactly(ResourceRecord.address("laptop.localdomain", 5, ip("192.168.77.50")));
        assertThat(address(zone.lookup("laptop", AAAA))).isEqualTo("2001:db8:0:0:0:0:0:50");
        assertThat(records(zone.lookup("50.77.168.192.in-addr.arpa", PTR)))
                .containsExactly(ResourceRecord.ptr("50.77.168.192.in-addr.arpa", 5, "laptop.localdomain"));
        assertThat(records(zone.lookup("0.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", PTR))
                .getFirst().target()).isEqualTo("laptop.localdomain");
        assertThat(dynamic.size()).isEqualTo(1);
    }

    @Test
    void unregisterRemovesOnlyWhatThatSourceAdded() {
        dynamic.register("dhcp", "shared.localdomain", List.of(ip("10.0.0.1")));
        dynamic.register("vpn", "shared.localdomain", List.of(ip("10.0.0.2")));
        assertThat(records(zone.lookup("shared.localdomain", A))).hasSize(2);

        dynamic.unregister("other", "shared.localdomain");
        assertThat(records(zone.lookup("shared.localdomain", A))).hasSize(2);

        dynamic.unregister("dhcp", "SHARED.localdomain.");
        assertThat(address(zone.lookup("shared.localdomain", A))).isEqualTo("10.0.0.2");

        dynamic.unregister("vpn", "shared.localdomain");
        assertThat(zone.lookup("shared.localdomain", A)).isEqualTo(NxDomain.EMPTY);
        assertThat(dynamic.size()).isZero();
    }

    @Test
    void registeringAgainReplacesThatSourcesAddresses() {
        dynamic.register("dhcp", "pc.localdomain", List.of(ip("10.0.0.1")));
        dynamic.register("dhcp", "pc.localdomain", List.of(ip("10.0.0.9")));
        assertThat(address(zone.lookup("pc.localdomain", A))).isEqualTo("10.0.0.9");
        assertThat(zone.lookup("1.0.0.10.in-addr.arpa", PTR)).isEqualTo(NotLocal.INSTANCE);
    }

    @Test
    void unregisterAllRemovesEveryNameOfOneSource() {
        dynamic.register("dhcp", "a.localdomain", List.of(ip("10.0.0.1")));
        dynamic.register("dhcp", "b.localdomain", List.of(ip("10.0.0.2")));
        dynamic.register("vpn", "c.localdomain", List.of(ip("10.0.0.3")));
        dynamic.unregisterAll("dhcp");
        assertThat(zone.lookup("a.localdomain", A)).isEqualTo(NxDomain.EMPTY);
        assertThat(zone.lookup("b.localdomain", A)).isEqualTo(NxDomain.EMPTY);
        assertThat(address(zone.lookup("c.localdomain", A))).isEqualTo("10.0.0.3");
    }

    @Test
    void staticDataWinsOverARegisteredName() {
        dynamic.register("dhcp", "printer.localdomain", List.of(ip("192.168.77.99"), ip("2001:db8::99")));
        dynamic.register("dhcp", "svc.localdomain", List.of(ip("192.168.77.98")));
        dynamic.register("dhcp", "intruder.localdomain", List.of(ip("192.168.77.10")));
        assertThat(address(zone.lookup("printer.localdomain", A))).isEqualTo("192.168.77.10");
        assertThat(zone.lookup("printer.localdomain", AAAA)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("svc.localdomain", A)).isEqualTo(NoData.EMPTY);
        assertThat(records(zone.lookup("10.77.168.192.in-addr.arpa", PTR)).getFirst().target())
                .isEqualTo("printer.localdomain");
    }

    @Test
    void aRegisteredNameWinsOverAnAddressRule() {
        dynamic.register("dhcp", "dev.app1.local", List.of(ip("10.0.0.7")));
        assertThat(address(zone.lookup("dev.app1.local", A))).isEqualTo("10.0.0.7");
        assertThat(address(zone.lookup("other.app1.local", A))).isEqualTo("127.0.0.1");
    }

    @Test
    void theNewestRegistrationForAnAddressOwnsItsPtr() {
        dynamic.register("dhcp", "old", List.of(ip("192.168.77.60")));
        dynamic.register("dhcp", "new", List.of(ip("192.168.77.60")));
        assertThat(records(zone.lookup("60.77.168.192.in-addr.arpa", PTR))).extracting(ResourceRecord::target)
                .containsExactly("new.localdomain");
        dynamic.unregister("dhcp", "new");
        assertThat(records(zone.lookup("60.77.168.192.in-addr.arpa", PTR))).extracting(ResourceRecord::target)
                .containsExactly("old.localdomain");
    }

    @Test
    void aRegisteredNameMakesItsAncestorsEmptyNonTerminals() {
        dynamic.register("dhcp", "pc.office.localdomain", List.of(ip("10.0.0.1")));
        assertThat(zone.lookup("office.localdomain", A)).isEqualTo(NoData.EMPTY);
        dynamic.unregisterAll("dhcp");
        assertThat(zone.lookup("office.localdomain", A)).isEqualTo(NxDomain.EMPTY);
    }

    @Test
    void namesSurviveAReloadThatBuildsANewZone() {
        dynamic.register("dhcp", "laptop", List.of(ip("192.168.77.50")));
        LocalZone reloaded = LocalZone.build(config(YAML.replace("domain: localdomain", "domain: home.arpa")),
                List.of(), dynamic);
        assertThat(address(reloaded.lookup("laptop.home.arpa", A))).isEqualTo("192.168.77.50");
        assertThat(reloaded.lookup("laptop.localdomain", A)).isEqualTo(NotLocal.INSTANCE);
        assertThat(records(reloaded.lookup("50.77.168.192.in-addr.arpa", PTR)).getFirst().target())
                .isEqualTo("laptop.home.arpa");
        // The old zone, still serving until the reload commits, keeps its own expansion.
        assertThat(address(zone.lookup("laptop.localdomain", A))).isEqualTo("192.168.77.50");
    }

    @Test
    void aBareNameAndItsExpandedFormRegisteredApartAnswerTogether() {
        dynamic.register("dhcp", "pc", List.of(ip("10.0.0.1")));
        dynamic.register("vpn", "pc.localdomain", List.of(ip("10.0.0.2")));
        assertThat(records(zone.lookup("pc.localdomain", A))).hasSize(2);
        assertThat(address(zone.lookup("pc", A))).isEqualTo("10.0.0.1");
        dynamic.unregister("dhcp", "pc");
        assertThat(address(zone.lookup("pc.localdomain", A))).isEqualTo("10.0.0.2");
        assertThat(zone.lookup("pc", A)).isEqualTo(NotLocal.INSTANCE);
    }

    @Test
    void zonesWithDifferentExpansionsAreAllKeptCurrent() {
        LocalZone other = LocalZone.build(config(YAML.replace("domain: localdomain", "domain: home.arpa")),
                List.of(), dynamic);
        dynamic.register("dhcp", "tv", List.of(ip("10.0.0.3")));
        assertThat(address(zone.lookup("tv.localdomain", A))).isEqualTo("10.0.0.3");
        assertThat(address(other.lookup("tv.home.arpa", A))).isEqualTo("10.0.0.3");
        dynamic.unregister("dhcp", "tv");
        assertThat(zone.lookup("tv.localdomain", A)).isEqualTo(NxDomain.EMPTY);
        assertThat(other.lookup("tv.home.arpa", A)).isEqualTo(NxDomain.EMPTY);
    }

    @Test
    void badRegistrationsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> dynamic.register("dhcp", "bad name", List.of(ip("10.0.0.1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'bad name' is not a domain name");
        assertThatThrownBy(() -> dynamic.register("dhcp", "pc", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pc needs at least one address");
        assertThatThrownBy(() -> dynamic.register(" ", "pc", List.of(ip("10.0.0.1"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("source ' ' is blank");
        assertThatThrownBy(() -> dynamic.register("dhcp", null, List.of(ip("10.0.0.1"))))
                .isInstanceOf(NullPointerException.class).hasMessage("name");
        assertThatThrownBy(() -> new DynamicHosts(0)).hasMessageContaining("maxNames 0");
    }

    @Test
    void theRegistryIsBounded() {
        DynamicHosts small = new DynamicHosts(2);
        small.register("dhcp", "a", List.of(ip("10.0.0.1")));
        small.register("dhcp", "b", List.of(ip("10.0.0.2")));
        small.register("vpn", "b", List.of(ip("10.0.0.3")));
        assertThatThrownBy(() -> small.register("dhcp", "c", List.of(ip("10.0.0.3"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("2 names").hasMessageContaining("c from dhcp");
        small.unregister("dhcp", "a");
        small.register("dhcp", "c", List.of(ip("10.0.0.3")));
        assertThat(small.size()).isEqualTo(2);
    }

    @Test
    void lookupsDuringWritesSeeEachNameWholeOrNotAtAll() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch readersDone = new CountDownLatch(4);
        for (int r = 0; r < 4; r++) {
            Thread.ofPlatform().start(() -> {
                try {
                    while (!stop.get()) {
                        LocalAnswer answer = zone.lookup("churn.localdomain", A);
                        if (answer instanceof LocalAnswer.Found found) {
                            assertThat(found.records()).hasSize(2);
                        } else {
                            assertThat(answer).isEqualTo(NxDomain.EMPTY);
                        }
                        assertThat(address(zone.lookup("printer.localdomain", A))).isEqualTo("192.168.77.10");
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                } finally {
                    readersDone.countDown();
                }
            });
        }
        for (int i = 0; i < 2_000; i++) {
            dynamic.register("dhcp", "churn.localdomain", List.of(ip("10.0.0.1"), ip("10.0.0.2")));
            dynamic.register("dhcp", "other" + (i % 50), List.of(ip("10.1.0." + (i % 50))));
            dynamic.unregister("dhcp", "churn.localdomain");
        }
        stop.set(true);
        assertThat(readersDone.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(failure.get()).isNull();
        assertThat(dynamic.size()).isEqualTo(50);
    }
}
