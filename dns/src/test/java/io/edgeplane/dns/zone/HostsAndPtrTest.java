package io.edgeplane.dns.zone;

import static io.edgeplane.dns.zone.Zones.address;
import static io.edgeplane.dns.zone.Zones.ip;
import static io.edgeplane.dns.zone.Zones.records;
import static io.edgeplane.dns.zone.Zones.wire;
import static io.edgeplane.dns.zone.Zones.zone;
import static io.netty.handler.codec.dns.DnsRecordType.A;
import static io.netty.handler.codec.dns.DnsRecordType.AAAA;
import static io.netty.handler.codec.dns.DnsRecordType.PTR;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.dns.zone.LocalAnswer.NoData;
import io.edgeplane.dns.zone.LocalAnswer.NotLocal;
import io.edgeplane.dns.zone.LocalAnswer.NxDomain;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hosts from the config and from hosts files: addresses by family, a PTR per address, expand_hosts. */
class HostsAndPtrTest {

    private static final String SEED = """
            dns:
              listen: [127.0.0.1:5353]
              domain: localdomain
              expand_hosts: true
              local_ttl: 10s
              hosts:
                printer.localdomain: [192.168.77.10, "2001:db8::10"]
                scanner: [192.168.77.11]
              records:
                - { name: plain.localdomain, a: [192.168.77.12], aaaa: ["2001:db8::12"] }
            """;

    @Test
    void aHostAnswersEachAddressByFamily() {
        LocalZone zone = zone(SEED);
        assertThat(records(zone.lookup("printer.localdomain", A)))
                .containsExactly(ResourceRecord.address("printer.localdomain", 10, ip("192.168.77.10")));
        assertThat(records(zone.lookup("printer.localdomain", AAAA)))
                .containsExactly(ResourceRecord.address("printer.localdomain", 10, ip("2001:db8::10")));
    }

    @Test
    void aHostHasAPtrForItsIpv4AddressUnderInAddrArpa() {
        LocalZone zone = zone(SEED);
        List<ResourceRecord> ptr = records(zone.lookup("10.77.168.192.in-addr.arpa", PTR));
        assertThat(ptr).containsExactly(ResourceRecord.ptr("10.77.168.192.in-addr.arpa", 10, "printer.localdomain"));
        assertThat(ptr.getFirst().rdata()).containsExactly(wire("printer", "localdomain"));
        assertThat(zone.lookup("10.77.168.192.in-addr.arpa", A)).isEqualTo(NoData.EMPTY);
    }

    @Test
    void aHostHasAPtrForItsIpv6AddressInNibbleFormUnderIp6Arpa() {
        LocalZone zone = zone(SEED);
        String reverse = "0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa";
        assertThat(records(zone.lookup(reverse, PTR)))
                .containsExactly(ResourceRecord.ptr(reverse, 10, "printer.localdomain"));
    }

    @Test
    void plainAddressRecordsHaveNoPtr() {
        LocalZone zone = zone(SEED);
        assertThat(address(zone.lookup("plain.localdomain", A))).isEqualTo("192.168.77.12");
        assertThat(zone.lookup("12.77.168.192.in-addr.arpa", PTR)).isEqualTo(NotLocal.INSTANCE);
    }

    @Test
    void expandHostsAnswersABareNameUnderTheDomainAndPointsItsPtrThere() {
        LocalZone zone = zone(SEED);
        assertThat(address(zone.lookup("scanner", A))).isEqualTo("192.168.77.11");
        assertThat(records(zone.lookup("scanner.localdomain", A)))
                .containsExactly(ResourceRecord.address("scanner.localdomain", 10, ip("192.168.77.11")));
        assertThat(records(zone.lookup("11.77.168.192.in-addr.arpa", PTR)))
                .containsExactly(ResourceRecord.ptr("11.77.168.192.in-addr.arpa", 10, "scanner.localdomain"));
    }

    @Test
    void withoutExpandHostsABareNameStaysBare() {
        LocalZone zone = zone("""
                dns:
                  listen: [127.0.0.1:5353]
                  domain: localdomain
                  hosts: { scanner: [192.168.77.11] }
                """);
        assertThat(address(zone.lookup("scanner", A))).isEqualTo("192.168.77.11");
        assertThat(zone.lookup("scanner.localdomain", A)).isEqualTo(NxDomain.EMPTY);
        assertThat(records(zone.lookup("11.77.168.192.in-addr.arpa", PTR)).getFirst().target()).isEqualTo("scanner");
    }

    @Test
    void aHostsFileLinesFirstNameIsWherePtrPointsAndAliasesGetAddresses() {
        LocalZone zone = zone(SEED, """
                192.168.77.20  nas  nas-alias  files.localdomain
                2001:db8::20   nas
                """);
        assertThat(address(zone.lookup("nas.localdomain", A))).isEqualTo("192.168.77.20");
        assertThat(address(zone.lookup("nas-alias.localdomain", A))).isEqualTo("192.168.77.20");
        assertThat(address(zone.lookup("nas-alias", A))).isEqualTo("192.168.77.20");
        assertThat(address(zone.lookup("files.localdomain", A))).isEqualTo("192.168.77.20");
        assertThat(address(zone.lookup("nas", AAAA))).isEqualTo("2001:db8:0:0:0:0:0:20");
        assertThat(records(zone.lookup("20.77.168.192.in-addr.arpa", PTR)).getFirst().target()).isEqualTo("nas.localdomain");
        assertThat(records(zone.lookup("0.2.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", PTR))
                .getFirst().target()).isEqualTo("nas.localdomain");
    }

    @Test
    void theFirstEntryForAnAddressSetsItsPtrAndTheConfigComesBeforeFiles() {
        LocalZone zone = zone(SEED, """
                192.168.77.30 first.localdomain
                192.168.77.30 second.localdomain
                192.168.77.10 file-printer.localdomain
                """);
        assertThat(records(zone.lookup("30.77.168.192.in-addr.arpa", PTR))).extracting(ResourceRecord::target)
                .containsExactly("first.localdomain");
        assertThat(address(zone.lookup("second.localdomain", A))).isEqualTo("192.168.77.30");
        assertThat(records(zone.lookup("10.77.168.192.in-addr.arpa", PTR))).extracting(ResourceRecord::target)
                .containsExactly("printer.localdomain");
    }

    @Test
    void theSameAddressFromTwoPlacesIsOneRecord() {
        LocalZone zone = zone(SEED, "192.168.77.10 printer.localdomain\n192.168.77.10 PRINTER.localdomain.\n");
        assertThat(records(zone.lookup("printer.localdomain", A))).hasSize(1);
    }

    @Test
    void aNameWithAddressesFromSeveralLinesHasThemAll() {
        LocalZone zone = zone(SEED, "10.0.0.1 multi.localdomain\n10.0.0.2 multi.localdomain\n");
        assertThat(records(zone.lookup("multi.localdomain", A))).extracting(r -> r.rdata()[3]).containsExactly((byte) 1, (byte) 2);
    }
}
