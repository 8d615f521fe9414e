package io.edgeplane.config.dns;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.HostPort;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The DNS server: dnsmasq's DNS side. It answers from local data (address rules, hosts, records, hosts
 * files) on UDP and TCP, and forwards other names to upstream servers, caching their answers. Without
 * upstreams, names it has no data for are refused, as dnsmasq refuses them, except under its own domains,
 * which are answered NXDOMAIN.
 *
 * @param listen       the addresses it binds, UDP and TCP on each (dnsmasq's {@code listen-address} with
 *                     {@code bind-interfaces})
 * @param domain       the node's domain (dnsmasq's {@code domain=}): with {@code expand_hosts}, bare host names
 *                     also answer as {@code name.domain}; it is a local domain
 * @param expandHosts  bare names of {@code hosts} and hosts files also answer under {@code domain}
 * @param allow        client networks answered; empty = loopback and the networks of this node's own
 *                     addresses (no open resolver)
 * @param deny         client networks refused, checked before {@code allow}
 * @param addresses    dnsmasq's {@code address=/domain/ip}: the domain and every name under it answer these
 *                     addresses; an empty list answers NXDOMAIN; the most specific rule wins
 * @param hosts        names and their addresses, with the matching PTR records (dnsmasq's {@code host-record})
 * @param hostsFiles   files in {@code /etc/hosts} form, read at start and on every reload
 * @param records      other local records: CNAME, SRV, TXT, MX, and A/AAAA without PTR
 * @param localDomains domains answered from local data only: a name under one with no data is NXDOMAIN
 *                     (dnsmasq's {@code local=/domain/})
 * @param localTtl     the TTL of local answers (dnsmasq's {@code local-ttl}, 0 by default there too)
 * @param udpPayload   the EDNS UDP payload size this server advertises and answers within (RFC 6891);
 *                     1232 avoids IP fragmentation (DNS flag day 2020)
 * @param domainNeeded never forward plain names (no dot): they are answered from local data or NXDOMAIN
 *                     (dnsmasq's {@code domain-needed}); on by default, as the seed runs it
 * @param bogusPriv    reverse lookups of private, loopback and link-local ranges without local data are
 *                     answered NXDOMAIN and never forwarded (dnsmasq's {@code bogus-priv}); on by default
 * @param forward      the upstream servers; absent = none
 * @param cache        the cache of forwarded answers; absent = 10000 answers
 * @param rateLimit    per-client UDP response rate limiting; absent = 1000 answers/s per /24 or /56
 */
public record DnsConfig(
        List<HostPort> listen,
        Optional<String> domain,
        @Default("false") boolean expandHosts,
        List<Cidr> allow,
        List<Cidr> deny,
        Map<String, List<InetAddress>> addresses,
        Map<String, List<InetAddress>> hosts,
        List<String> hostsFiles,
        List<DnsRecordConfig> records,
        List<String> localDomains,
        @Default("0s") Duration localTtl,
        @Default("1232") int udpPayload,
        @Default("true") boolean domainNeeded,
        @Default("true") boolean bogusPriv,
        Optional<DnsForwardConfig> forward,
        Optional<DnsCacheConfig> cache,
        Optional<DnsRateLimitConfig> rateLimit) implements Checked {

    public DnsConfig {
        listen = List.copyOf(listen);
        Objects.requireNonNull(domain, "domain");
        allow = List.copyOf(allow);
        deny = List.copyOf(deny);
        addresses = Map.copyOf(addresses);
        hosts = Map.copyOf(hosts);
        hostsFiles = List.copyOf(hostsFiles);
        records = List.copyOf(records);
        localDomains = List.copyOf(localDomains);
        Objects.requireNonNull(localTtl, "localTtl");
        Objects.requireNonNull(forward, "forward");
        Objects.requireNonNull(cache, "cache");
        Objects.requireNonNull(rateLimit, "rateLimit");
    }

    @Override
    public void check(Checks checks) {
        checks.key("listen").require(!listen.isEmpty(), "the DNS server needs an address to listen on",
                "listen: [127.0.0.1:53]");
        Set<HostPort> seen = new HashSet<>();
        for (int i = 0; i < listen.size(); i++) {
            HostPort address = listen.get(i);
            checks.key("listen").index(i).require(address.isIpLiteral(),
                    "the DNS server binds an address, not the name '" + address.host() + "'", "such as 127.0.0.1:53 or [::1]:53");
            checks.key("listen").index(i).require(seen.add(address),
                    address + " is listed twice", "each address once");
        }
        domain.ifPresent(d -> checks.key("domain").require(DnsNames.valid(d), "'" + d + "' is not a domain name",
                DnsNames.EXPECTED));
        checks.key("expand_hosts").require(!expandHosts || domain.isPresent(),
                "expand_hosts needs a domain to expand bare names into", "domain: localdomain");
        addresses.keySet().forEach(name -> checks.key("addresses").key(name).require(DnsNames.valid(name),
                "'" + name + "' is not a domain name", DnsNames.EXPECTED));
        hosts.forEach((name, list) -> {
            checks.key("hosts").key(name).require(DnsNames.valid(name), "'" + name + "' is not a domain name", DnsNames.EXPECTED);
            checks.key("hosts").key(name).require(!list.isEmpty(), "a host needs at least one address", "[192.168.77.10]");
        });
        for (int i = 0; i < hostsFiles.size(); i++) {
            checks.key("hosts_files").index(i).require(!hostsFiles.get(i).isBlank(), "the path is empty", "such as /etc/hosts");
        }
        for (int i = 0; i < localDomains.size(); i++) {
            String d = localDomains.get(i);
            checks.key("local_domains").index(i).require(DnsNames.valid(d), "'" + d + "' is not a domain name", DnsNames.EXPECTED);
        }
        checks.key("local_ttl").require(!localTtl.isNegative() && localTtl.toSeconds() <= Integer.MAX_VALUE,
                "local_ttl must be 0s or more", "such as 0s or 60s");
        checks.key("udp_payload").require(udpPayload >= 512 && udpPayload <= 4096, "udp_payload must be 512..4096",
                "1232, or 512 for a server that never uses EDNS sizes");
        Set<String> cnames = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            DnsRecordConfig record = records.get(i);
            if (record.cname().isPresent()) {
                checks.key("records").index(i).key("name").require(cnames.add(DnsNames.canonical(record.name())),
                        record.name() + " has two CNAME records", "one CNAME per name (RFC 1034 §3.6.2)");
            }
        }
        for (int i = 0; i < records.size(); i++) {
            DnsRecordConfig record = records.get(i);
            String name = DnsNames.canonical(record.name());
            // RFC 1034 §3.6.2: a name with a CNAME has no other data.
            checks.key("records").index(i).key("name").require(record.cname().isPresent() || !cnames.contains(name),
                    record.name() + " has a CNAME record and other data", "the CNAME alone, or the data alone");
        }
    }

    /** The forwarding settings, {@link DnsForwardConfig#none()} when the section is left out. */
    public DnsForwardConfig forwarding() {
        return forward.orElseGet(DnsForwardConfig::none);
    }

    /** The cache settings, {@link DnsCacheConfig#defaults()} when the section is left out. */
    public DnsCacheConfig caching() {
        return cache.orElseGet(DnsCacheConfig::defaults);
    }

    /** The rate limit, {@link DnsRateLimitConfig#defaults()} when the section is left out. */
    public DnsRateLimitConfig rateLimiting() {
        return rateLimit.orElseGet(DnsRateLimitConfig::defaults);
    }

    /** {@code domain} and {@code local_domains}, canonical: names under them are never answered from elsewhere. */
    public List<String> ownDomains() {
        List<String> own = new ArrayList<>();
        domain.map(DnsNames::canonical).ifPresent(own::add);
        localDomains.stream().map(DnsNames::canonical).filter(d -> !own.contains(d)).forEach(own::add);
        return own;
    }
}
