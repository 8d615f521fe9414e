package io.edgeplane.dns.zone;

import static io.edgeplane.dns.zone.Zones.bytes;
import static io.edgeplane.dns.zone.Zones.concat;
import static io.edgeplane.dns.zone.Zones.ip;
import static io.edgeplane.dns.zone.Zones.wire;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.dns.DnsRecordType;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RDATA in wire form, byte for byte as RFC 1035, RFC 3596 and RFC 2782 lay it out. */
class ResourceRecordTest {

    @Test
    void anAddressIsItsBytesInNetworkOrder() {
        ResourceRecord a = ResourceRecord.address("db.lan", 5, ip("10.1.2.3"));
        assertThat(a.type()).isEqualTo(DnsRecordType.A);
        assertThat(a.rdata()).containsExactly(bytes(10, 1, 2, 3));

        ResourceRecord aaaa = ResourceRecord.address("db.lan", 5, ip("2001:db8::3"));
        assertThat(aaaa.type()).isEqualTo(DnsRecordType.AAAA);
        assertThat(aaaa.rdata()).containsExactly(bytes(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3));
    }

    @Test
    void cnameAndPtrAreTheTargetUncompressed() {
        assertThat(ResourceRecord.cname("www.lan", 0, "db.lan").rdata()).containsExactly(wire("db", "lan"));
        assertThat(ResourceRecord.ptr("3.2.1.10.in-addr.arpa", 0, "db.lan").rdata())
                .containsExactly(bytes(2, 'd', 'b', 3, 'l', 'a', 'n', 0));
    }

    @Test
    void mxIsPreferenceThenExchange() {
        ResourceRecord mx = ResourceRecord.mx("lan", 0, 10, "mail.lan");
        assertThat(mx.rdata()).containsExactly(bytes(0x00, 0x0a, 4, 'm', 'a', 'i', 'l', 3, 'l', 'a', 'n', 0));
        assertThat(mx.target()).isEqualTo("mail.lan");
    }

    @Test
    void srvIsPriorityWeightPortThenTarget() {
        ResourceRecord srv = ResourceRecord.srv("_http._tcp.lan", 0, 10, 5, 8080, "www.lan");
        assertThat(srv.rdata()).containsExactly(concat(bytes(0x00, 0x0a, 0x00, 0x05, 0x1f, 0x90), wire("www", "lan")));
        assertThat(srv.target()).isEqualTo("www.lan");
    }

    @Test
    void txtIsOneCharacterStringPerString() {
        ResourceRecord txt = ResourceRecord.txt("info.lan", 0, List.of("hello world", "v=1", ""));
        assertThat(txt.rdata()).containsExactly(concat(bytes(11), "hello world".getBytes(), bytes(3, 'v', '=', '1'), bytes(0)));

        String longest = "x".repeat(255);
        assertThat(ResourceRecord.txt("info.lan", 0, List.of(longest)).rdata()).hasSize(256).startsWith(bytes(0xff));
        assertThatThrownBy(() -> ResourceRecord.txt("info.lan", 0, List.of(longest + "x")))
                .hasMessageContaining("256 bytes");
    }

    @Test
    void equalityIsByContentAndTheArrayIsCopiedIn() {
        byte[] rdata = bytes(10, 0, 0, 1);
        ResourceRecord record = new ResourceRecord("a.lan", DnsRecordType.A, 30, rdata);
        rdata[0] = 99;
        assertThat(record.rdata()).containsExactly(bytes(10, 0, 0, 1));
        assertThat(record).isEqualTo(ResourceRecord.address("a.lan", 30, ip("10.0.0.1")))
                .hasSameHashCodeAs(ResourceRecord.address("a.lan", 30, ip("10.0.0.1")))
                .isNotEqualTo(ResourceRecord.address("a.lan", 31, ip("10.0.0.1")))
                .isNotEqualTo(ResourceRecord.address("a.lan", 30, ip("10.0.0.2")));
        assertThat(record).hasToString("a.lan 30 A 0a000001");
    }

    @Test
    void badValuesAreRefusedByName() {
        assertThatThrownBy(() -> ResourceRecord.address("a.lan", -1, ip("10.0.0.1"))).hasMessageContaining("ttl -1");
        assertThatThrownBy(() -> ResourceRecord.address("a.lan", 1L << 31, ip("10.0.0.1"))).hasMessageContaining("2147483648");
        assertThatThrownBy(() -> ResourceRecord.srv("s.lan", 0, 0, 0, 65536, "t.lan")).hasMessageContaining("port 65536");
        assertThatThrownBy(() -> ResourceRecord.mx("lan", 0, -1, "t.lan")).hasMessageContaining("preference -1");
        assertThatThrownBy(() -> ResourceRecord.address("a.lan", 0, ip("10.0.0.1")).target())
                .hasMessageContaining("A record has no target");
    }
}
