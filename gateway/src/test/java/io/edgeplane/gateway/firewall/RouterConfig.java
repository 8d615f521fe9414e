package io.edgeplane.gateway.firewall;

import io.edgeplane.gateway.firewall.FirewallLan.Host;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The router's edgeplane config (docs/configuration.md): an admin listener for the cluster LAN, a proxy listener open
 * to all and one behind a per-source rate limit, a DNS server for the IT LAN, optionally a VRRP instance on the cluster
 * LAN, and the firewall that puts all of it in rules. The base is what {@link #base()} says; each {@code with}
 * changes one thing for one scenario.
 *
 * @param inputPolicy     {@code firewall.input.policy}: {@code drop} or {@code reject}
 * @param autoAllow       {@code firewall.auto_allow}: opens the admin, proxy, DNS and VRRP listeners to their clients
 * @param vrrp            whether the config has the VRRP instance
 * @param firstInputAllow rules written before the rate-limited one in {@code firewall.input.allow}
 * @param nft             {@code firewall.nft}, the nft program; empty for the default
 */
record RouterConfig(String inputPolicy, boolean autoAllow, boolean vrrp, List<String> firstInputAllow,
        Optional<Path> nft) {

    static final int ADMIN_PORT = 8404;
    /** The proxy listener anyone may reach. */
    static final int PUBLIC_PORT = 8080;
    /** The proxy listener behind {@link #RATE}. */
    static final int LIMITED_PORT = 8081;
    /** The one TCP port the IT LAN may reach on the OT LAN. */
    static final int FORWARDED_PORT = 9000;
    /** A port on the OT LAN that no rule opens. */
    static final int UNFORWARDED_PORT = 9001;
    static final String RATE = "per_source: 6/minute, burst: 3";
    /** How many new connections one source gets at once on {@link #LIMITED_PORT}; the next one 10 s later. */
    static final int BURST = 3;
    static final String DNS_NAME = "router.edge.test";
    static final String DNS_ANSWER = Host.IT.routerAddress();
    static final int VRID = 61;
    static final int VRRP_PRIORITY = 100;
    static final String VIP = "198.18.40.100/24";
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    RouterConfig {
        Objects.requireNonNull(inputPolicy, "inputPolicy");
        firstInputAllow = List.copyOf(firstInputAllow);
        Objects.requireNonNull(nft, "nft");
    }

    /** Input policy drop, auto_allow on, no VRRP. */
    static RouterConfig base() {
        return new RouterConfig("drop", true, false, List.of(), Optional.empty());
    }

    RouterConfig withInputPolicy(String policy) {
        return new RouterConfig(policy, autoAllow, vrrp, firstInputAllow, nft);
    }

    RouterConfig withAutoAllow(boolean on) {
        return new RouterConfig(inputPolicy, on, vrrp, firstInputAllow, nft);
    }

    RouterConfig withVrrp(boolean on) {
        return new RouterConfig(inputPolicy, autoAllow, on, firstInputAllow, nft);
    }

    /** Adds {@code rule} (a YAML flow mapping) at the top of {@code firewall.input.allow}. */
    RouterConfig withFirstInputAllow(String rule) {
        List<String> rules = new ArrayList<>(List.of(rule));
        rules.addAll(firstInputAllow);
        return new RouterConfig(inputPolicy, autoAllow, vrrp, rules, nft);
    }

    RouterConfig withNft(Path program) {
        return new RouterConfig(inputPolicy, autoAllow, vrrp, firstInputAllow, Optional.of(program));
    }

    String render() {
        StringBuilder out = new StringBuilder();
        out.append("# Written by the firewall interop test: the router between the IT, OT, outside and cluster LANs.\n");
        out.append("node: { name: efw-router, shutdown_grace: 1s }\n");
        out.append("admin:\n");
        out.append("  listen: 0.0.0.0:").append(ADMIN_PORT).append('\n');
        out.append("  allow: [127.0.0.0/8, ").append(Host.CLUSTER.network()).append("]   # the test's own requests, the cluster\n");
        out.append("proxy:\n");
        out.append("  listeners:\n");
        out.append("    - name: public\n");
        out.append("      listen: [0.0.0.0:").append(PUBLIC_PORT).append("]\n");
        out.append("      routes:\n");
        out.append("        - respond: { body: \"public\\n\" }\n");
        out.append("    - name: limited\n");
        out.append("      listen: [0.0.0.0:").append(LIMITED_PORT).append("]\n");
        out.append("      routes:\n");
        out.append("        - respond: { body: \"limited\\n\" }\n");
        out.append("dns:\n");
        out.append("  listen: [0.0.0.0:53]\n");
        out.append("  allow: [").append(Host.IT.network()).append("]\n");
        out.append("  hosts:\n");
        out.append("    ").append(DNS_NAME).append(": [").append(DNS_ANSWER).append("]\n");
        if (vrrp) {
            out.append("vrrp:\n");
            out.append("  instances:\n");
            out.append("    - name: VI_1\n");
            out.append("      interface: ").append(Host.CLUSTER.routerInterface()).append('\n');
            out.append("      virtual_router_id: ").append(VRID).append('\n');
            out.append("      priority: ").append(VRRP_PRIORITY).append('\n');
            out.append("      version: 3\n");
            out.append("      advert_interval: 1s\n");
            out.append("      virtual_ips: [").append(VIP).append("]\n");
        }
        out.append("firewall:\n");
        out.append("  zones:\n");
        out.append("    it: { interfaces: [").append(Host.IT.routerInterface()).append("], cidrs: [")
                .append(Host.IT.network()).append("] }\n");
        out.append("    ot: { interfaces: [").append(Host.OT.routerInterface()).append("], cidrs: [")
                .append(Host.OT.network()).append("] }\n");
        out.append("  input:\n");
        out.append("    policy: ").append(inputPolicy).append('\n');
        out.append("    allow:\n");
        firstInputAllow.forEach(rule -> out.append("      - ").append(rule).append('\n'));
        out.append("      - { port: ").append(LIMITED_PORT).append("/tcp, rate: { ").append(RATE).append(" } }\n");
        out.append("  forward:\n");
        out.append("    policy: drop\n");
        out.append("    allow:\n");
        out.append("      - { from: it, to: ot, port: ").append(FORWARDED_PORT).append("/tcp }\n");
        out.append("  auto_allow: ").append(autoAllow).append('\n');
        out.append("  check_interval: ").append(CHECK_INTERVAL.toSeconds()).append("s\n");
        nft.ifPresent(program -> out.append("  nft: ").append(program).append('\n'));
        return out.toString();
    }
}
