package io.edgeplane.dns.zone;

import static io.edgeplane.dns.zone.Zones.bytes;
import static io.edgeplane.dns.zone.Zones.concat;
import static io.edgeplane.dns.zone.Zones.ip;
import static io.edgeplane.dns.zone.Zones.records;
import static io.edgeplane.dns.zone.Zones.wire;
import static io.edgeplane.dns.zone.Zones.zone;
import static io.netty.handler.codec.dns.DnsRecordType.A;
import static io.netty.handler.codec.dns.DnsRecordType.AAAA;
import static io.netty.handler.codec.dns.DnsRecordType.ANY;
import static io.netty.handler.codec.dns.DnsRecordType.CNAME;
import static io.netty.handler.codec.dns.DnsRecordType.MX;
import static io.netty.handler.codec.dns.DnsRecordType.NS;
import static io.netty.handler.codec.dns.DnsRecordType.PTR;
import static io.netty.handler.codec.dns.DnsRecordType.SOA;
import static io.netty.handler.codec.dns.DnsRecordType.SRV;
import static io.netty.handler.codec.dns.DnsRecordType.TXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dns.zone.LocalAnswer.NoData;
import io.edgeplane.dns.zone.LocalAnswer.NotLocal;
import io.edgeplane.dns.zone.LocalAnswer.NxDomain;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seed's whole dnsmasq config as a zone: records, ANY, empty non-terminals, own domains, TTLs. */
class LocalZoneTest {

    private static final String SEED = """
            dns:
              listen: [127.0.0.1:5353, "[::1]:5353"]
              domain: localdomain
              expand_hosts: true
              addresses:
                app1.local: [127.0.0.1]
                app2.local: [127.0.0.1]
                app3.local: [127.0.0.1]
                ads.example: []
              hosts:
                printer.localdomain: [192.168.77.10]
              records:
                - { name: db.localdomain, a: [10.1.2.3], aaaa: ["2001:db8::3"] }
                - { name: v6.localdomain, aaaa: ["2001:db8::6"] }
                - { name: www.localdomain, cname: db.localdomain, ttl: 60s }
                - { name: _http._tcp.localdomain, srv: [{ target: www.localdomain, port: 8080, priority: 10, weight: 5 }] }
                - { name: info.localdomain, txt: ["hello world", "v=1"] }
                - { name: info.localdomain, txt: [second] }
                - { name: localdomain, mx: [{ exchange: mail.localdomain }, { exchange: backup.localdomain, preference: 20 }] }
                - { name: _x._udp.svc.example, txt: [outside] }
              local_domains: [lan]
            """;

    private final LocalZone zone = zone(SEED);

    @Test
    void srvRdataIsPriorityWeightPortTarget() {
        List<ResourceRecord> srv = records(zone.lookup("_http._tcp.localdomain", SRV));
        assertThat(srv).hasSize(1);
        assertThat(srv.getFirst().rdata())
                .containsExactly(concat(bytes(0x00, 0x0a, 0x00, 0x05, 0x1f, 0x90), wire("www", "localdomain")));
    }

    @Test
    void mxRdataIsPreferenceExchangeInConfigOrder() {
        List<ResourceRecord> mx = records(zone.lookup("localdomain", MX));
        assertThat(mx).extracting(ResourceRecord::rdata).containsExactly(
                concat(bytes(0x00, 0x0a), wire("mail", "localdomain")),
                concat(bytes(0x00, 0x14), wire("backup", "localdomain")));
    }

    @Test
    void txtRdataIsOneRecordPerEntryWithItsStringsAsCharacterStrings() {
        List<ResourceRecord> txt = records(zone.lookup("info.localdomain", TXT));
        assertThat(txt).extracting(ResourceRecord::rdata).containsExactly(
                concat(bytes(11), "hello world".getBytes(), bytes(3), "v=1".getBytes()),
                concat(bytes(6), "second".getBytes()));
    }

    @Test
    void aNameWithDataOfAnotherTypeIsNoData() {
        assertThat(zone.lookup("info.localdomain", A)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("db.localdomain", MX)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("v6.localdomain", A)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("printer.localdomain", SOA)).isEqualTo(NoData.EMPTY);
    }

    @Test
    void anyIsTheFirstRrsetInTheOrderAAaaaCnameMxTxtSrvPtr() {
        assertThat(records(zone.lookup("db.localdomain", ANY))).extracting(ResourceRecord::type).containsExactly(A);
        assertThat(records(zone.lookup("v6.localdomain", ANY))).extracting(ResourceRecord::type).containsExactly(AAAA);
        assertThat(records(zone.lookup("www.localdomain", ANY))).extracting(ResourceRecord::type).containsExactly(CNAME);
        assertThat(records(zone.lookup("localdomain", ANY))).extracting(ResourceRecord::type).containsExactly(MX, MX);
        assertThat(records(zone.lookup("info.localdomain", ANY))).extracting(ResourceRecord::type).containsExactly(TXT, TXT);
        assertThat(records(zone.lookup("_http._tcp.localdomain", ANY))).extracting(ResourceRecord::type).containsExactly(SRV);
        assertThat(records(zone.lookup("10.77.168.192.in-addr.arpa", ANY))).extracting(ResourceRecord::type)
                .containsExactly(PTR);
    }

    @Test
    void anEmptyNonTerminalIsNoDataNotNxDomain() {
        assertThat(zone.lookup("_tcp.localdomain", A)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("_tcp.localdomain", SRV)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("_udp._tcp.localdomain", SRV)).isEqualTo(NxDomain.EMPTY);
        assertThat(zone.lookup("x._http._tcp.localdomain", SRV)).isEqualTo(NxDomain.EMPTY);
    }

    @Test
    void outsideOwnDomainsAnEmptyNonTerminalIsNotClaimed() {
        assertThat(records(zone.lookup("_x._udp.svc.example", TXT))).hasSize(1);
        assertThat(zone.lookup("_udp.svc.example", TXT)).isEqualTo(NotLocal.INSTANCE);
        assertThat(zone.lookup("svc.example", A)).isEqualTo(NotLocal.INSTANCE);
    }

    @Test
    void underAnOwnDomainANameWithoutDataIsNxDomainAndTheApexIsNoData() {
        assertThat(zone.lookup("nothing.localdomain", A)).isEqualTo(NxDomain.EMPTY);
        assertThat(zone.lookup("a.b.localdomain", AAAA)).isEqualTo(NxDomain.EMPTY);
        assertThat(zone.lookup("localdomain", A)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("lan", A)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("lan", NS)).isEqualTo(NoData.EMPTY);
        assertThat(zone.lookup("host.lan", A)).isEqualTo(NxDomain.EMPTY);
        assertThat(zone.lookup("deep.host.lan", TXT)).isEqualTo(NxDomain.EMPTY);
    }

    @Test
    void everythingElseIsNotLocal() {
        assertThat(zone.lookup("example.com", A)).isEqualTo(NotLocal.INSTANCE);
        assertThat(zone.lookup("xlan", A)).isEqualTo(NotLocal.INSTANCE);
        assertThat(zone.lookup("printer", A)).isEqualTo(NotLocal.INSTANCE);
        assertThat(zone.lookup("1.1.1.1.in-addr.arpa", PTR)).isEqualTo(NotLocal.INSTANCE);
        assertThat(zone.lookup("", A)).isEqualTo(NotLocal.INSTANCE);
    }

    @Test
    void theTtlIsTheRecordsElseTheLocalTtl() {
        LocalZone timed = zone("""
                dns:
                  listen: [127.0.0.1:5353]
                  local_ttl: 30s
                  addresses: { app1.local: [127.0.0.1] }
                  hosts: { h.lan: [10.0.0.1] }
                  records:
                    - { name: t.lan, txt: [x], ttl: 300s }
                    - { name: u.lan, txt: [y] }
                """);
        assertThat(records(timed.lookup("t.lan", TXT)).getFirst().ttl()).isEqualTo(300);
        assertThat(records(timed.lookup("u.lan", TXT)).getFirst().ttl()).isEqualTo(30);
        assertThat(records(timed.lookup("h.lan", A)).getFirst().ttl()).isEqualTo(30);
        assertThat(records(timed.lookup("1.0.0.10.in-addr.arpa", PTR)).getFirst().ttl()).isEqualTo(30);
        assertThat(records(timed.lookup("x.app1.local", A)).getFirst().ttl()).isEqualTo(30);
    }

    @Test
    void anRrsetsTtlsAgreeOnTheLowest() {
        LocalZone mixed = zone("""
                dns:
                  listen: [127.0.0.1:5353]
                  local_ttl: 30s
                  hosts: { h.lan: [10.0.0.1] }
                  records:
                    - { name: h.lan, a: [10.0.0.2], ttl: 600s }
                    - { name: h.lan, aaaa: ["2001:db8::1"], ttl: 600s }
                """);
        assertThat(records(mixed.lookup("h.lan", A))).extracting(ResourceRecord::ttl).containsExactly(30L, 30L);
        assertThat(records(mixed.lookup("h.lan", AAAA))).extracting(ResourceRecord::ttl).containsExactly(600L);
    }

    @Test
    void hostDataAtAnAliasIsLeftOutWithAWarning() {
        LocalZone conflicting = zone(SEED, "192.168.77.40 www.localdomain\n192.168.77.41 www\n");
        assertThat(conflicting.lookup("www.localdomain", A)).isEqualTo(zone.lookup("www.localdomain", A));
        assertThat(conflicting.lookup("40.77.168.192.in-addr.arpa", PTR)).isEqualTo(NotLocal.INSTANCE);
        assertThat(conflicting.lookup("41.77.168.192.in-addr.arpa", PTR)).isEqualTo(NotLocal.INSTANCE);
        assertThat(records(conflicting.lookup("www", A)).getFirst().rdata()).containsExactly(bytes(192, 168, 77, 41));
        assertThat(conflicting.warnings()).containsExactly(
                "hosts file: 192.168.77.40 for www.localdomain is ignored: the name has a CNAME record, and an alias has no other data",
                "hosts file: 192.168.77.41 for www.localdomain is ignored: the name has a CNAME record, and an alias has no other data");
        assertThat(zone.warnings()).isEmpty();
    }

    @Test
    void namesAreCanonicalWhateverTheConfigsCase() {
        LocalZone upper = zone("""
                dns:
                  listen: [127.0.0.1:5353]
                  addresses: { App1.LOCAL.: [127.0.0.1] }
                  hosts: { Printer.Lan: [10.0.0.1] }
                  records:
                    - { name: WWW.lan, cname: Printer.LAN. }
                """);
        assertThat(records(upper.lookup("x.app1.local", A))).hasSize(1);
        assertThat(records(upper.lookup("www.lan", A))).extracting(ResourceRecord::name).containsExactly("www.lan", "printer.lan");
        assertThat(records(upper.lookup("1.0.0.10.in-addr.arpa", PTR)).getFirst().target()).isEqualTo("printer.lan");
    }

    @Test
    void theZoneCountsItsNames() {
        assertThat(zone("dns:\n  listen: [127.0.0.1:5353]\n  hosts: { h.lan: [10.0.0.1] }\n").size()).isEqualTo(2);
        assertThat(ip("10.0.0.1")).isNotNull();
    }
}
