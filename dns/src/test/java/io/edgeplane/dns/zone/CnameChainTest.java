package io.edgeplane.dns.zone;

import static io.edgeplane.dns.zone.Zones.config;
import static io.edgeplane.dns.zone.Zones.ip;
import static io.edgeplane.dns.zone.Zones.records;
import static io.edgeplane.dns.zone.Zones.zone;
import static io.netty.handler.codec.dns.DnsRecordType.A;
import static io.netty.handler.codec.dns.DnsRecordType.AAAA;
import static io.netty.handler.codec.dns.DnsRecordType.ANY;
import static io.netty.handler.codec.dns.DnsRecordType.CNAME;
import static io.netty.handler.codec.dns.DnsRecordType.MX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.edgeplane.dns.zone.LocalAnswer.Found;
import io.edgeplane.dns.zone.LocalAnswer.NoData;
import io.edgeplane.dns.zone.LocalAnswer.NxDomain;
import io.netty.handler.codec.dns.DnsRecordType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CNAME: the alias first, then the chain followed through local data, at most eight steps. */
class CnameChainTest {

    private static final String YAML = """
            dns:
              listen: [127.0.0.1:5353]
              domain: localdomain
              addresses: { app1.local: [127.0.0.1] }
              records:
                - { name: db.localdomain, a: [10.1.2.3], aaaa: ["2001:db8::3"] }
                - { name: www.localdomain, cname: db.localdomain, ttl: 60s }
                - { name: c1.localdomain, cname: c2.localdomain }
                - { name: c2.localdomain, cname: www.localdomain }
                - { name: gone.localdomain, cname: nothing.localdomain }
                - { name: ext.localdomain, cname: www.example.com }
                - { name: ruled.localdomain, cname: x.app1.local }
                - { name: lease.localdomain, cname: laptop.localdomain }
                - { name: loop1.localdomain, cname: loop2.localdomain }
                - { name: loop2.localdomain, cname: loop1.localdomain }
            """;

    private final LocalZone zone = zone(YAML);

    @Test
    void theAliasComesFirstThenTheTargetsRecords() {
        assertThat(records(zone.lookup("www.localdomain", A))).containsExactly(
                ResourceRecord.cname("www.localdomain", 60, "db.localdomain"),
                ResourceRecord.address("db.localdomain", 0, ip("10.1.2.3")));
        assertThat(records(zone.lookup("www.localdomain", AAAA))).extracting(ResourceRecord::type)
                .containsExactly(CNAME, AAAA);
    }

    @Test
    void aStaticChainIsBuiltOnceAndShared() {
        assertThat(zone.lookup("www.localdomain", A)).isSameAs(zone.lookup("www.localdomain", A));
        assertThat(zone.lookup("c1.localdomain", A)).isSameAs(zone.lookup("c1.localdomain", A));
    }

    @Test
    void aQuestionForTheCnameItselfOrAnyIsTheCnameAlone() {
        List<ResourceRecord> cname = List.of(ResourceRecord.cname("www.localdomain", 60, "db.localdomain"));
        assertThat(zone.lookup("www.localdomain", CNAME)).isEqualTo(new Found(cname));
        assertThat(zone.lookup("www.localdomain", ANY)).isEqualTo(new Found(cname));
        assertThat(zone.lookup("db.localdomain", CNAME)).isEqualTo(NoData.EMPTY);
    }

    @Test
    void aChainOfSeveralAliasesIsFollowedToTheEnd() {
        assertThat(records(zone.lookup("c1.localdomain", A))).extracting(ResourceRecord::name, ResourceRecord::type)
                .containsExactly(
                        tuple("c1.localdomain", CNAME),
                        tuple("c2.localdomain", CNAME),
                        tuple("www.localdomain", CNAME),
                        tuple("db.localdomain", A));
    }

    @Test
    void aTargetWithoutTheTypeIsNoDataCarryingTheChain() {
        assertThat(zone.lookup("www.localdomain", MX))
                .isEqualTo(new NoData(List.of(ResourceRecord.cname("www.localdomain", 60, "db.localdomain"))));
    }

    @Test
    void aTargetThatDoesNotExistIsNxDomainCarryingTheChain() {
        // RFC 6604 §2.1: the rcode is the last name's.
        assertThat(zone.lookup("gone.localdomain", A))
                .isEqualTo(new NxDomain(List.of(ResourceRecord.cname("gone.localdomain", 0, "nothing.localdomain"))));
    }

    @Test
    void aChainThatLeavesLocalDataIsTheChainAloneWithThePendingAlias() {
        LocalAnswer answer = zone.lookup("ext.localdomain", A);
        assertThat(answer).isEqualTo(new Found(List.of(ResourceRecord.cname("ext.localdomain", 0, "www.example.com"))));
        assertThat(((Found) answer).pendingAlias(A)).contains("www.example.com");
        assertThat(((Found) answer).pendingAlias(CNAME)).isEmpty();
        assertThat(((Found) zone.lookup("www.localdomain", A)).pendingAlias(A)).isEmpty();
    }

    @Test
    void aChainIsFollowedIntoAnAddressRule() {
        assertThat(records(zone.lookup("ruled.localdomain", A))).containsExactly(
                ResourceRecord.cname("ruled.localdomain", 0, "x.app1.local"),
                ResourceRecord.address("x.app1.local", 0, ip("127.0.0.1")));
    }

    @Test
    void aChainIsFollowedIntoNamesRegisteredLater() {
        DynamicHosts dynamic = new DynamicHosts();
        LocalZone withLeases = LocalZone.build(config(YAML), List.of(), dynamic);
        ResourceRecord alias = ResourceRecord.cname("lease.localdomain", 0, "laptop.localdomain");
        assertThat(withLeases.lookup("lease.localdomain", A)).isEqualTo(new NxDomain(List.of(alias)));

        dynamic.register("dhcp", "laptop.localdomain", List.of(ip("192.168.77.50")));
        assertThat(records(withLeases.lookup("lease.localdomain", A)))
                .containsExactly(alias, ResourceRecord.address("laptop.localdomain", 0, ip("192.168.77.50")));

        dynamic.unregister("dhcp", "laptop.localdomain");
        assertThat(withLeases.lookup("lease.localdomain", A)).isEqualTo(new NxDomain(List.of(alias)));
    }

    @Test
    void aLoopStopsAfterEightAliases() {
        LocalAnswer answer = zone.lookup("loop1.localdomain", A);
        assertThat(answer).isInstanceOf(NoData.class);
        List<ResourceRecord> chain = ((NoData) answer).chain();
        assertThat(chain).hasSize(LocalZone.MAX_CHAIN).allMatch(r -> r.type().equals(CNAME));
        assertThat(chain).extracting(ResourceRecord::name).startsWith("loop1.localdomain", "loop2.localdomain", "loop1.localdomain");
        assertThat(zone.lookup("loop1.localdomain", CNAME)).isInstanceOf(Found.class);
    }

    @Test
    void eightAliasesAreFollowedAndANinthIsNot() {
        assertThat(records(chain(8).lookup("n0.lan", A))).hasSize(9).last()
                .isEqualTo(ResourceRecord.address("n8.lan", 0, ip("10.0.0.8")));
        LocalAnswer nine = chain(9).lookup("n0.lan", A);
        assertThat(nine).isInstanceOf(NoData.class);
        assertThat(((NoData) nine).chain()).hasSize(8);
    }

    /** n0.lan → n1.lan → … → n{aliases}.lan, which has an address. */
    private static LocalZone chain(int aliases) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < aliases; i++) {
            lines.add("    - { name: n" + i + ".lan, cname: n" + (i + 1) + ".lan }");
        }
        lines.add("    - { name: n" + aliases + ".lan, a: [10.0.0." + aliases + "] }");
        return zone("dns:\n  listen: [127.0.0.1:5353]\n  records:\n" + String.join("\n", lines) + "\n");
    }

    @Test
    void anUnknownTypeFollowsTheChainToNoData() {
        DnsRecordType https = DnsRecordType.valueOf(65);
        assertThat(zone.lookup("www.localdomain", https))
                .isEqualTo(new NoData(List.of(ResourceRecord.cname("www.localdomain", 60, "db.localdomain"))));
    }
}
