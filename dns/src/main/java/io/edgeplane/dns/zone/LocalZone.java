package io.edgeplane.dns.zone;

import io.edgeplane.config.dns.DnsConfig;
import io.edgeplane.config.dns.DnsNames;
import io.edgeplane.config.dns.DnsRecordConfig;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the DNS server answers from its own data, with dnsmasq's meaning, built once per config off the
 * request path and then only read. In order, a name is answered by:
 * <ol>
 *   <li>its static records ({@code hosts}, hosts files, {@code records}, with the PTRs hosts generate and the
 *       {@code expand_hosts} names): the records of the asked type, else NODATA; a CNAME is followed;</li>
 *   <li>names registered at runtime in the {@link DynamicHosts};</li>
 *   <li>the most specific {@code addresses} rule it is at or under;</li>
 *   <li>an own domain ({@code domain}, {@code local_domains}) it is at or under: NODATA at the apex and at empty
 *       non-terminals (RFC 8020), NXDOMAIN below;</li>
 *   <li>nothing: {@link LocalAnswer.NotLocal}.</li>
 * </ol>
 *
 * <p>{@link #lookup} is the request path: answers for static names are built in advance and returned as they
 * are; only names under an address rule (whose records carry the asked name) and CNAME chains that end outside
 * the static data build an answer per query.
 */
public final class LocalZone {

    /** The most CNAME records one answer follows: a loop, or a longer chain, stops there (dnsmasq's limit too). */
    public static final int MAX_CHAIN = 8;

    private final Map<String, NameData> names;
    private final Set<String> emptyNonTerminals;
    private final SuffixTable<AddressRule> rules;
    private final SuffixTable<String> ownDomains;
    private final DynamicHosts.View dynamic;
    private final Expansion expansion;
    private final List<String> warnings;

    private LocalZone(Map<String, NameData> names, Set<String> emptyNonTerminals, SuffixTable<AddressRule> rules,
                      SuffixTable<String> ownDomains, DynamicHosts.View dynamic, Expansion expansion,
                      List<String> warnings) {
        this.names = names;
        this.emptyNonTerminals = emptyNonTerminals;
        this.rules = rules;
        this.ownDomains = ownDomains;
        this.dynamic = dynamic;
        this.expansion = expansion;
        this.warnings = List.copyOf(warnings);
        settleStaticChains();
    }

    /**
     * Builds the zone for {@code config}.
     *
     * @param config    the {@code dns:} section
     * @param fileHosts the entries of its hosts files, read by the caller in {@code hosts_files} order
     * @param dynamic   the runtime names; the service passes the same instance to every zone it builds
     */
    public static LocalZone build(DnsConfig config, List<HostsFile.Entry> fileHosts, DynamicHosts dynamic) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(fileHosts, "fileHosts");
        Objects.requireNonNull(dynamic, "dynamic");
        long localTtl = seconds(config.localTtl());
        Optional<String> domain = config.domain().map(DnsNames::canonical);
        Expansion expansion = new Expansion(config.expandHosts() ? domain : Optional.empty(), localTtl);
        List<String> warnings = new ArrayList<>();
        NameTable table = new NameTable();

        Set<String> aliases = new HashSet<>();
        for (DnsRecordConfig record : config.records()) {
            record.cname().ifPresent(target -> aliases.add(DnsNames.canonical(record.name())));
        }
        for (DnsRecordConfig record : config.records()) {
            addRecord(table, record, localTtl);
        }

        HostRecords hosts = new HostRecords(table, expansion, aliases, warnings);
        // The config's hosts come as a map without order; sorted, the PTR an address gets is the same each time.
        merged(config.hosts()).forEach((name, addresses) -> {
            for (InetAddress address : addresses) {
                hosts.add(address, List.of(name), "dns.hosts");
            }
        });
        for (HostsFile.Entry entry : fileHosts) {
            hosts.add(entry.address(), entry.names(), "hosts file");
        }
        hosts.finish();

        Map<String, AddressRule> rules = new HashMap<>();
        merged(config.addresses()).forEach((name, addresses) -> rules.put(name, new AddressRule(name, addresses, localTtl)));
        Map<String, String> own = new HashMap<>();
        config.ownDomains().forEach(d -> own.put(d, d));

        return new LocalZone(table.build(), Set.copyOf(table.emptyNonTerminals()), new SuffixTable<>(rules),
                new SuffixTable<>(own), dynamic.view(expansion), expansion, warnings);
    }

    /**
     * What local data says about {@code name} and {@code type}.
     *
     * @param name canonical: lower case, no trailing dot (the server lowers the question's name once)
     * @param type the question's type
     */
    public LocalAnswer lookup(String name, DnsRecordType type) {
        int slot = NameData.slot(type);
        NameData data = names.get(name);
        if (data != null) {
            LocalAnswer answer = data.answers[slot];
            return answer != null ? answer : at(data, slot, 0, dynamic);
        }
        return beyondStatic(name, slot, dynamic);
    }

    /** Names in the static data, generated PTR and expanded names included. */
    public int size() {
        return names.size();
    }

    /** Data this zone left out and why, one line each, for the service to log once after building. */
    public List<String> warnings() {
        return warnings;
    }

    private LocalAnswer resolve(String name, int slot, int depth, DynamicHosts.View view) {
        NameData data = names.get(name);
        return data != null ? at(data, slot, depth, view) : beyondStatic(name, slot, view);
    }

    /** The answer at a static name reached after {@code depth} CNAMEs. */
    private LocalAnswer at(NameData data, int slot, int depth, DynamicHosts.View view) {
        if (data.cname == null || slot == NameData.CNAME || slot == NameData.ANY) {
            return data.answers[slot];
        }
        if (depth == MAX_CHAIN) {
            // A loop, or a chain too long to be meant: what was followed, and no data.
            return LocalAnswer.NoData.EMPTY;
        }
        return prepend(data.cname, resolve(data.cnameTarget, slot, depth + 1, view));
    }

    private LocalAnswer beyondStatic(String name, int slot, DynamicHosts.View view) {
        NameData registered = view.get(name);
        if (registered != null) {
            return registered.answers[slot];
        }
        AddressRule rule = rules.longestMatch(name);
        if (rule != null) {
            return rule.answer(name, slot);
        }
        String own = ownDomains.longestMatch(name);
        if (own != null) {
            boolean exists = own.length() == name.length() || emptyNonTerminals.contains(name)
                    || view.hasNamesBelow(name);
            return exists ? LocalAnswer.NoData.EMPTY : LocalAnswer.NxDomain.EMPTY;
        }
        return LocalAnswer.NotLocal.INSTANCE;
    }

    /** {@code cname} in front of what its target answered (RFC 1034 §4.3.2; RFC 6604 for the negative ones). */
    private static LocalAnswer prepend(ResourceRecord cname, LocalAnswer rest) {
        return switch (rest) {
            case LocalAnswer.Found found -> new LocalAnswer.Found(concat(cname, found.records()));
            case LocalAnswer.NoData noData -> new LocalAnswer.NoData(concat(cname, noData.chain()));
            case LocalAnswer.NxDomain nxDomain -> new LocalAnswer.NxDomain(concat(cname, nxDomain.chain()));
            // The chain leaves local data: answer what is known; the server may resolve the rest.
            case LocalAnswer.NotLocal notLocal -> new LocalAnswer.Found(List.of(cname));
        };
    }

    private static List<ResourceRecord> concat(ResourceRecord first, List<ResourceRecord> rest) {
        ResourceRecord[] all = new ResourceRecord[rest.size() + 1];
        all[0] = first;
        for (int i = 0; i < rest.size(); i++) {
            all[i + 1] = rest.get(i);
        }
        return List.of(all);
    }

    /**
     * Fills in the answers of CNAME owners whose chain stays in static data (or loops there): nothing that
     * happens later can change them. A chain that reaches any other name stays open, because a name
     * registered at runtime could answer there.
     */
    private void settleStaticChains() {
        DynamicHosts.View none = new DynamicHosts.View(expansion);
        for (NameData data : names.values()) {
            if (data.cname == null || !staysStatic(data)) {
                continue;
            }
            for (int slot = 0; slot < NameData.SLOTS; slot++) {
                if (data.answers[slot] == null) {
                    data.answers[slot] = at(data, slot, 0, none);
                }
            }
        }
    }

    private boolean staysStatic(NameData start) {
        String target = start.cnameTarget;
        for (int followed = 1; ; followed++) {
            NameData next = names.get(target);
            if (next == null) {
                return false;
            }
            if (next.cname == null || followed == MAX_CHAIN) {
                return true;
            }
            target = next.cnameTarget;
        }
    }

    private static void addRecord(NameTable table, DnsRecordConfig record, long localTtl) {
        String name = DnsNames.canonical(record.name());
        long ttl = record.ttl().map(LocalZone::seconds).orElse(localTtl);
        // a and aaaa here are plain records: unlike hosts, they generate no PTR.
        record.a().forEach(address -> table.add(ResourceRecord.address(name, ttl, address)));
        record.aaaa().forEach(address -> table.add(ResourceRecord.address(name, ttl, address)));
        record.cname().ifPresent(target -> table.add(ResourceRecord.cname(name, ttl, DnsNames.canonical(target))));
        if (!record.txt().isEmpty()) {
            // One TXT record whose strings are its character-strings, as dnsmasq's txt-record=name,"a","b".
            table.add(ResourceRecord.txt(name, ttl, record.txt()));
        }
        record.srv().forEach(srv -> table.add(ResourceRecord.srv(name, ttl, srv.priority(), srv.weight(), srv.port(),
                DnsNames.canonical(srv.target()))));
        record.mx().forEach(mx -> table.add(ResourceRecord.mx(name, ttl, mx.preference(),
                DnsNames.canonical(mx.exchange()))));
    }

    /** Keys made canonical, in name order; keys that differ only in case have their addresses joined. */
    private static Map<String, List<InetAddress>> merged(Map<String, List<InetAddress>> byName) {
        Map<String, Set<InetAddress>> joined = new TreeMap<>();
        byName.forEach((name, addresses) ->
                joined.computeIfAbsent(DnsNames.canonical(name), n -> new LinkedHashSet<>()).addAll(addresses));
        Map<String, List<InetAddress>> out = new TreeMap<>();
        joined.forEach((name, addresses) -> out.put(name, List.copyOf(addresses)));
        return out;
    }

    private static long seconds(Duration duration) {
        return Math.min(duration.toSeconds(), ResourceRecord.MAX_TTL);
    }
}
