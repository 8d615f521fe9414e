package io.edgeplane.dns.zone;

import static io.edgeplane.dns.zone.Zones.address;
import static io.edgeplane.dns.zone.Zones.ip;
import static io.edgeplane.dns.zone.Zones.records;
import static io.edgeplane.dns.zone.Zones.zone;
import static io.netty.handler.codec.dns.DnsRecordType.A;
import static io.netty.handler.codec.dns.DnsRecordType.AAAA;
import static io.netty.handler.codec.dns.DnsRecordType.ANY;
import static io.netty.handler.codec.dns.DnsRecordType.MX;
import static io.netty.handler.codec.dns.DnsRecordType.TXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dns.zone.LocalAnswer.Found;
import io.edgeplane.dns.zone.LocalAnswer.NoData;
import io.edgeplane.dns.zone.LocalAnswer.NotLocal;
import io.edgeplane.dns.zone.LocalAnswer.NxDomain;
import java.util.List;
import org.junit.jupiter.api.Test;

/** dnsmasq's {@code address=/domain/ip}: the domain and everything under it, the most specific rule winning. */
class AddressRulesTest {

    private final LocalZone zone = zone("""
            dns:
              listen: [127.0.0.1:5353]
              local_ttl: 30s
              addresses:
                app1.local: [127.0.0.1]
                app2.local: [127.0.0.1]
                ads.example: []
                example.org: [10.0.0.1]
                a.example.org: [10.0.0.2]
                dual.test: [10.9.9.9, "2001:db8::9"]
                v6only.test: ["2001:db8::6"]
              hosts:
                special.example.org: [192.168.1.1]
              records:
                - { name: txt.example.org, txt: [hello] }
                - { name: _svc._tcp.deep.example.org, srv: [{ target: x.example.org, port: 1 }] }
            """);

    @Test
    void theSeedsRuleAnswersTheDomainAndEveryNameUnderIt() {
        assertThat(zone.lookup("app1.local", A))
                .isEqualTo(new Found(List.of(ResourceRecord.address("app1.local", 30, ip("127.0.0.1")))));
        assertThat(zone.lookup("x.y.app1.local", A))
                .isEqualTo(new Found(List.of(ResourceRecord.address("x.y.app1.local", 30, ip("127.0.0.1")))));
        assertThat(zone.lookup("app2.local", A)).isInstanceOf(Found.class);
    }

    @Test
    void aRuleMatchesWholeLabelsOnly() {
        assertThat(zone.lookup("notapp1.local", A)).isEqualTo(NotLocal.INSTANCE);
        assertThat(zone.lookup("local", A)).isEqualTo(NotLocal.INSTANCE);
        assertThat(zone.lookup("app1.local.evil", A)).isEqualTo(NotLocal.INSTANCE);
    }

    @Test
    void aTypeTheRuleHasNoAddressForIsNoData() {
        assertThat(zone.lookup("app1.local", AAAA)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("x.app1.local", AAAA)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("app1.local", MX)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("app1.local", TXT)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("v6only.test", A)).isEqualTo(NoData.EMPTY);
    }

    @Test
    void aRuleWithBothFamiliesAnswersEachByType() {
        assertThat(records(zone.lookup("dual.test", A))).containsExactly(ResourceRecord.address("dual.test", 30, ip("10.9.9.9")));
        assertThat(records(zone.lookup("w.dual.test", AAAA)))
                .containsExactly(ResourceRecord.address("w.dual.test", 30, ip("2001:db8::9")));
    }

    @Test
    void anyIsTheFirstFamilyTheRuleHas() {
        assertThat(records(zone.lookup("dual.test", ANY))).extracting(ResourceRecord::type).containsExactly(A);
        assertThat(records(zone.lookup("q.v6only.test", ANY))).extracting(ResourceRecord::type).containsExactly(AAAA);
    }

    @Test
    void aRuleWithoutAddressesIsNxDomainForEverythingAtOrUnderIt() {
        assertThat(zone.lookup("ads.example", A)).isEqualTo(NxDomain.EMPTY);
        assertThat(zone.lookup("a.ads.example", AAAA)).isEqualTo(NxDomain.EMPTY);
        assertThat(zone.lookup("x.y.ads.example", TXT)).isEqualTo(NxDomain.EMPTY);
        assertThat(zone.lookup("ads.example", ANY)).isEqualTo(NxDomain.EMPTY);
    }

    @Test
    void theMostSpecificRuleWins() {
        assertThat(address(zone.lookup("example.org", A))).isEqualTo("10.0.0.1");
        assertThat(address(zone.lookup("b.example.org", A))).isEqualTo("10.0.0.1");
        assertThat(address(zone.lookup("a.example.org", A))).isEqualTo("10.0.0.2");
        assertThat(address(zone.lookup("x.a.example.org", A))).isEqualTo("10.0.0.2");
        assertThat(address(zone.lookup("xa.example.org", A))).isEqualTo("10.0.0.1");
    }

    @Test
    void exactLocalDataWinsOverTheRuleCoveringIt() {
        assertThat(address(zone.lookup("special.example.org", A))).isEqualTo("192.168.1.1");
        // The host has no IPv6 address: it is NODATA, not the rule's (dnsmasq answers hosts names alone).
        assertThat(zone.lookup("special.example.org", AAAA)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("txt.example.org", A)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("txt.example.org", TXT)).isInstanceOf(Found.class);
        // Under the host's name, the rule again.
        assertThat(address(zone.lookup("x.special.example.org", A))).isEqualTo("10.0.0.1");
    }

    @Test
    void anEmptyNonTerminalUnderARuleIsTheRules() {
        assertThat(address(zone.lookup("_tcp.deep.example.org", A))).isEqualTo("10.0.0.1");
        assertThat(address(zone.lookup("deep.example.org", A))).isEqualTo("10.0.0.1");
    }

    @Test
    void theDomainsOwnAnswerIsBuiltOnceAndShared() {
        assertThat(zone.lookup("app1.local", A)).isSameAs(zone.lookup("app1.local", A));
    }
}
