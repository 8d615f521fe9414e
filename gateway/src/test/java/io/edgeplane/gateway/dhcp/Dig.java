package io.edgeplane.gateway.dhcp;

import io.edgeplane.core.testing.Interop;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/** DNS questions asked with {@code dig} from inside a namespace of a {@link DhcpTopology}, bounded in time. */
final class Dig {

    private Dig() {
    }

    static void requireDig() {
        Interop.requireProgram("dig", "bind9-dnsutils");
    }

    /** The answers ({@code +short}) to {@code name}'s {@code type} records, asked of {@code server} from {@code from}. */
    static List<String> query(DhcpTopology topology, DhcpTopology.Host from, InetAddress server, String name,
            String type) throws IOException, InterruptedException {
        return topology.exec(from, Duration.ofSeconds(8), Interop.requireProgram("dig", "bind9-dnsutils").toString(),
                "+short", "+time=1", "+tries=3", "@" + server.getHostAddress(), name, type).lines()
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The names ({@code +short}) of {@code address}'s PTR record, asked of {@code server} from {@code from}. */
    static List<String> reverse(DhcpTopology topology, DhcpTopology.Host from, InetAddress server,
            InetAddress address) throws IOException, InterruptedException {
        return topology.exec(from, Duration.ofSeconds(8), Interop.requireProgram("dig", "bind9-dnsutils").toString(),
                "+short", "+time=1", "+tries=3", "@" + server.getHostAddress(), "-x", address.getHostAddress())
                .lines().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
