package io.edgeplane.dns.zone;

import static io.edgeplane.dns.zone.Zones.config;
import static io.edgeplane.dns.zone.Zones.ip;
import static io.netty.handler.codec.dns.DnsRecordType.A;
import static io.netty.handler.codec.dns.DnsRecordType.AAAA;
import static io.netty.handler.codec.dns.DnsRecordType.MX;
import static io.netty.handler.codec.dns.DnsRecordType.PTR;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request path of a server meant to outrun dnsmasq: answers for local names are shared, not built per query. */
class LookupAllocationTest {

    @Test
    void lookingUpLocalNamesAllocatesNothing() {
        DynamicHosts dynamic = new DynamicHosts();
        LocalZone zone = LocalZone.build(config("""
                dns:
                  listen: [127.0.0.1:5353]
                  domain: localdomain
                  addresses: { app1.local: [127.0.0.1], ads.example: [] }
                  hosts: { printer.localdomain: [192.168.77.10] }
                  records:
                    - { name: www.localdomain, cname: printer.localdomain }
                """), List.of(), dynamic);
        dynamic.register("dhcp", "laptop.localdomain", List.of(ip("192.168.77.50")));
        String[] names = {"app1.local", "printer.localdomain", "www.localdomain", "laptop.localdomain",
                "ads.example", "nothing.localdomain", "example.com", "10.77.168.192.in-addr.arpa"};
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int sink = 0;
        for (int warm = 0; warm < 20_000; warm++) {
            sink += lookUpAll(zone, names);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            sink += lookUpAll(zone, names);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(sink).isPositive();
        // 320,000 lookups; a few bytes of slack for the measurement itself.
        assertThat(allocated).isLessThan(1_000);
    }

    private static int lookUpAll(LocalZone zone, String[] names) {
        int hash = 0;
        for (String name : names) {
            hash += System.identityHashCode(zone.lookup(name, A)) & 1;
            hash += System.identityHashCode(zone.lookup(name, AAAA)) & 1;
            hash += System.identityHashCode(zone.lookup(name, MX)) & 1;
            hash += System.identityHashCode(zone.lookup(name, PTR)) & 1;
        }
        return hash + 1;
    }
}
