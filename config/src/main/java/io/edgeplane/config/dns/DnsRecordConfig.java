package io.edgeplane.config.dns;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One local record set (dnsmasq's {@code host-record}, {@code cname}, {@code srv-host}, {@code txt-record},
 * {@code mx-host}): a name and exactly one kind of data.
 *
 * @param name  the owner name
 * @param a     IPv4 addresses
 * @param aaaa  IPv6 addresses
 * @param cname the name this one is an alias of
 * @param txt   text strings, each up to 255 bytes
 * @param srv   a service location
 * @param mx    mail exchangers
 * @param ttl   the TTL of these records; absent = {@code dns.local_ttl}
 */
public record DnsRecordConfig(String name, List<InetAddress> a, List<InetAddress> aaaa, Optional<String> cname,
                              List<String> txt, List<SrvConfig> srv, List<MxConfig> mx, Optional<Duration> ttl)
        implements Checked {

    public DnsRecordConfig {
        Objects.requireNonNull(name, "name");
        a = List.copyOf(a);
        aaaa = List.copyOf(aaaa);
        Objects.requireNonNull(cname, "cname");
        txt = List.copyOf(txt);
        srv = List.copyOf(srv);
        mx = List.copyOf(mx);
        Objects.requireNonNull(ttl, "ttl");
    }

    /** The kinds of data this record has: {@code a}, {@code aaaa}, {@code cname}, ... */
    public List<String> kinds() {
        List<String> kinds = new ArrayList<>(1);
        if (!a.isEmpty()) {
            kinds.add("a");
        }
        if (!aaaa.isEmpty()) {
            kinds.add("aaaa");
        }
        cname.ifPresent(c -> kinds.add("cname"));
        if (!txt.isEmpty()) {
            kinds.add("txt");
        }
        if (!srv.isEmpty()) {
            kinds.add("srv");
        }
        if (!mx.isEmpty()) {
            kinds.add("mx");
        }
        return kinds;
    }

    @Override
    public void check(Checks checks) {
        checks.key("name").require(DnsNames.valid(name), "'" + name + "' is not a domain name", DnsNames.EXPECTED);
        List<String> kinds = kinds();
        // A and AAAA may share a name: that is one host with both families.
        boolean addressesOnly = kinds.stream().allMatch(k -> k.equals("a") || k.equals("aaaa"));
        checks.require(!kinds.isEmpty() && (kinds.size() == 1 || addressesOnly),
                kinds.isEmpty() ? "a record needs data" : "a record has one kind of data, this one has " + String.join(" and ", kinds),
                "one of a, aaaa, cname, txt, srv, mx (a and aaaa may go together)");
        for (int i = 0; i < a.size(); i++) {
            checks.key("a").index(i).require(a.get(i) instanceof Inet4Address, a.get(i).getHostAddress() + " is not an IPv4 address",
                    "an IPv4 address; IPv6 ones go under aaaa");
        }
        for (int i = 0; i < aaaa.size(); i++) {
            checks.key("aaaa").index(i).require(aaaa.get(i) instanceof Inet6Address,
                    aaaa.get(i).getHostAddress() + " is not an IPv6 address", "an IPv6 address; IPv4 ones go under a");
        }
        cname.ifPresent(target -> checks.key("cname").require(DnsNames.valid(target), "'" + target + "' is not a domain name",
                DnsNames.EXPECTED));
        for (int i = 0; i < txt.size(); i++) {
            checks.key("txt").index(i).require(txt.get(i).getBytes(StandardCharsets.UTF_8).length <= 255,
                    "a TXT string is at most 255 bytes", "a shorter string, or several");
        }
        ttl.ifPresent(t -> checks.key("ttl").require(!t.isNegative() && t.toSeconds() <= Integer.MAX_VALUE,
                "ttl must be 0s or more", "such as 300s"));
    }

    /**
     * An SRV record's data (RFC 2782).
     *
     * @param target   the host that provides the service
     * @param port     its port
     * @param priority lower is tried first
     * @param weight   share among equal priorities
     */
    public record SrvConfig(String target, int port, @Default("0") int priority,
                            @Default("0") int weight) implements Checked {

        public SrvConfig {
            Objects.requireNonNull(target, "target");
        }

        @Override
        public void check(Checks checks) {
            checks.key("target").require(DnsNames.valid(target), "'" + target + "' is not a domain name", DnsNames.EXPECTED);
            checks.key("port").require(port >= 0 && port <= 65535, "port " + port + " is outside 0..65535", "such as 80");
            checks.key("priority").require(priority >= 0 && priority <= 65535, "priority must be 0..65535", "such as 10");
            checks.key("weight").require(weight >= 0 && weight <= 65535, "weight must be 0..65535", "such as 5");
        }
    }

    /**
     * A mail exchanger (RFC 1035).
     *
     * @param exchange   the mail host
     * @param preference lower is tried first
     */
    public record MxConfig(String exchange, @Default("10") int preference) implements Checked {

        public MxConfig {
            Objects.requireNonNull(exchange, "exchange");
        }

        @Override
        public void check(Checks checks) {
            checks.key("exchange").require(DnsNames.valid(exchange), "'" + exchange + "' is not a domain name", DnsNames.EXPECTED);
            checks.key("preference").require(preference >= 0 && preference <= 65535, "preference must be 0..65535", "such as 10");
        }
    }
}
