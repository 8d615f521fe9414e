package io.edgeplane.dns.server;

import io.edgeplane.config.dns.DnsForwardConfig;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.config.value.NameServer;
import io.edgeplane.dns.forward.ResolvConf;
import io.edgeplane.dns.forward.UpstreamServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The upstream servers one config asks: {@code forward.servers}, then resolv.conf's name servers when
 * {@code resolv_conf} is on, then the per-domain servers, each address once with all its domains. An upstream
 * that is this server itself (a resolv.conf pointing at 127.0.0.1 while edgeplane listens there) is left out,
 * as dnsmasq leaves it out: a query would go round until it timed out.
 *
 * @param servers  the upstreams, default servers first
 * @param warnings what was left out, and why, for the log
 */
record UpstreamList(List<UpstreamServer> servers, List<String> warnings) {

    UpstreamList {
        servers = List.copyOf(servers);
        warnings = List.copyOf(warnings);
    }

    static UpstreamList of(DnsForwardConfig forward, List<HostPort> listen) {
        List<String> warnings = new ArrayList<>();
        Map<InetSocketAddress, List<String>> byAddress = new LinkedHashMap<>();
        List<InetSocketAddress> defaults = new ArrayList<>();
        forward.servers().forEach(server -> defaults.add(server.toSocketAddress()));
        if (forward.resolvConf()) {
            try {
                ResolvConf resolv = ResolvConf.read(Path.of(forward.resolvFile()));
                if (resolv.skipped() > 0) {
                    warnings.add(forward.resolvFile() + ": " + resolv.skipped() + " nameserver line(s) without an IP address skipped");
                }
                resolv.servers().stream().filter(s -> !defaults.contains(s)).forEach(defaults::add);
            } catch (IOException e) {
                // dnsmasq runs on without it too; the next reload reads it again.
                warnings.add("cannot read " + forward.resolvFile() + " (" + e.getMessage() + "); forwarding without its servers");
            }
        }
        for (InetSocketAddress server : defaults) {
            if (isSelf(server, listen)) {
                warnings.add("upstream " + server + " is this server's own address; left out");
            } else {
                byAddress.put(server, List.of());
            }
        }
        forward.domains().forEach((domain, servers) -> {
            for (NameServer server : servers) {
                InetSocketAddress address = server.toSocketAddress();
                List<String> domains = byAddress.get(address);
                if (isSelf(address, listen)) {
                    warnings.add("upstream " + server + " for " + domain + " is this server's own address; left out");
                } else if (domains != null && domains.isEmpty()) {
                    warnings.add("upstream " + server + " for " + domain + " is also a default server, which answers for every"
                            + " domain; it stays a default server");
                } else {
                    List<String> more = new ArrayList<>(domains == null ? List.of() : domains);
                    more.add(domain);
                    byAddress.put(address, more);
                }
            }
        });
        List<UpstreamServer> servers = new ArrayList<>();
        byAddress.forEach((address, domains) -> servers.add(new UpstreamServer(address, domains)));
        return new UpstreamList(servers, warnings);
    }

    private static boolean isSelf(InetSocketAddress upstream, List<HostPort> listen) {
        for (HostPort own : listen) {
            InetSocketAddress address = own.toSocketAddress();
            if (address.getPort() != upstream.getPort() || address.isUnresolved()) {
                continue;
            }
            if (address.getAddress().equals(upstream.getAddress())
                    || address.getAddress().isAnyLocalAddress() && upstream.getAddress().isLoopbackAddress()) {
                return true;
            }
        }
        return false;
    }
}
