package io.edgeplane.firewall.compile;

import static io.edgeplane.firewall.compile.CompiledListing.INPUT_PING_DHCP;
import static io.edgeplane.firewall.compile.CompiledListing.INPUT_START;
import static io.edgeplane.firewall.compile.CompiledListing.OUTPUT_START;
import static io.edgeplane.firewall.compile.CompiledListing.chainNames;
import static io.edgeplane.firewall.compile.CompiledListing.ruleset;
import static io.edgeplane.firewall.compile.CompiledListing.statements;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.firewall.ruleset.NftRule;
import io.edgeplane.firewall.ruleset.Ruleset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code auto_allow}: what the other sections listen on, opened to the clients each serves and nothing else; what
 * the node's services send, for an output chain that denies; keepalived's {@code no_accept}; and, without
 * {@code auto_allow}, a warning for each listener no allow rule opens.
 */
class AutoAllowTest {

    private static final String FIREWALL = """
            firewall:
              input: {}
              auto_allow: true
            """;
    private static final String FIREWALL_WITH_OUTPUT = """
            firewall:
              input: { policy: accept }
              output: { policy: drop }
              auto_allow: true
            """;
    private static final String ROUTES = "routes: [{ respond: { status: 200 } }]";

    /** The input chain's rules between the built-ins and the policy: what auto_allow opened. */
    private static List<String> opened(String sections) {
        List<String> input = statements(sections + FIREWALL, "input");
        int start = INPUT_START.size() + INPUT_PING_DHCP.size();
        assertThat(input.getLast()).isEqualTo("goto input_deny");
        return input.subList(start, input.size() - 1);
    }

    /** The output chain's rules between the built-ins and the policy. */
    private static List<String> sent(String sections) {
        List<String> output = statements(sections + FIREWALL_WITH_OUTPUT, "output");
        assertThat(output.subList(0, OUTPUT_START.size())).isEqualTo(OUTPUT_START);
        assertThat(output.getLast()).isEqualTo("goto output_deny");
        return output.subList(OUTPUT_START.size(), output.size() - 1);
    }

    // ---------------------------------------------------------------------------------------------------
    // Input: the listeners
    // ---------------------------------------------------------------------------------------------------

    @Test
    void theAdminListenerIsOpenedToItsAllowList() {
        assertThat(opened("admin: {}\n")).as("127.0.0.1:8404 by default: loopback is always accepted").isEmpty();
        assertThat(opened("admin: { listen: \"[::1]:8404\" }\n")).isEmpty();
        assertThat(opened("admin: { listen: 0.0.0.0:8404, allow: [127.0.0.0/8, 10.0.0.0/8] }\n"))
                .containsExactly("ip saddr { 10.0.0.0/8, 127.0.0.0/8 } tcp dport 8404 accept");
        assertThat(opened("admin: { listen: 0.0.0.0:8404 }\n")).as("no allow list: every client")
                .containsExactly("tcp dport 8404 accept");
        assertThat(opened("admin: { listen: 192.0.2.1:9000, allow: [10.0.0.0/8] }\n"))
                .containsExactly("ip saddr 10.0.0.0/8 ip daddr 192.0.2.1 tcp dport 9000 accept");
    }

    @Test
    void eachProxyListenerAddressIsOpenedToItsClients() {
        assertThat(opened("""
                proxy:
                  listeners:
                    - { name: public, listen: [0.0.0.0:80, "192.0.2.1:443", "127.0.0.1:8081", "[::]:8443"], %s }
                    - { name: inner, listen: [10.0.0.1:9000], allow: [10.0.0.0/8, "fd00::/8"], %s }
                """.formatted(ROUTES, ROUTES))).containsExactly(
                "tcp dport 80 accept",
                "ip daddr 192.0.2.1 tcp dport 443 accept",
                "tcp dport 8443 accept",
                "ip saddr 10.0.0.0/8 ip daddr 10.0.0.1 tcp dport 9000 accept");
    }

    @Test
    void dnsIsOpenedToItsAllowList() {
        assertThat(opened("""
                dns: { listen: [0.0.0.0:53, "[::1]:53", "192.168.1.1:5353"], allow: [192.168.0.0/16, "fd00::/8"] }
                dhcp: { interface: eth1, ranges: [{ from: 192.168.77.50, to: 192.168.77.150 }] }
                """)).containsExactly(
                "ip saddr 192.168.0.0/16 meta l4proto { tcp, udp } th dport 53 accept",
                "ip6 saddr fd00::/8 meta l4proto { tcp, udp } th dport 53 accept",
                "ip saddr 192.168.0.0/16 ip daddr 192.168.1.1 meta l4proto { tcp, udp } th dport 5353 accept",
                "iifname \"eth1\" udp dport 67 accept");
    }

    @Test
    void dnsWithoutAnAllowListIsOpenedToTheDhcpServersClients() {
        // Its own interface, and the networks of ranges given with their netmask (relayed from elsewhere)
        assertThat(opened("""
                dns: { listen: [0.0.0.0:53] }
                dhcp:
                  interface: eth1
                  ranges:
                    - { from: 192.168.77.50, to: 192.168.77.150 }
                    - { from: 192.168.88.50, to: 192.168.88.150, netmask: 255.255.255.0 }
                    - { from: 10.20.0.10, to: 10.20.3.200, netmask: 255.255.252.0 }
                """)).containsExactly(
                "iifname \"eth1\" meta l4proto { tcp, udp } th dport 53 accept",
                "ip saddr { 10.20.0.0/22, 192.168.88.0/24 } meta l4proto { tcp, udp } th dport 53 accept",
                "iifname \"eth1\" udp dport 67 accept");
    }

    @Test
    void dnsWithoutAnAllowListOrDhcpIsOpenedToEveryoneAsItAnswersEveryone() {
        assertThat(opened("dns: { listen: [0.0.0.0:53, \"127.0.0.1:5300\"] }\n"))
                .containsExactly("meta l4proto { tcp, udp } th dport 53 accept");
    }

    @Test
    void ntpIsOpenedToItsAllowListAndAClientOpensNothing() {
        assertThat(opened("""
                ntp: { listen: [0.0.0.0:123], allow: [192.168.77.0/24, 127.0.0.1], pools: [{ name: pool.ntp.org }] }
                """)).containsExactly("ip saddr { 127.0.0.1, 192.168.77.0/24 } udp dport 123 accept");
        assertThat(opened("ntp: { pools: [{ name: pool.ntp.org }] }\n")).as("a client only").isEmpty();
    }

    @Test
    void vrrpAdvertsAreAcceptedFromTheGroupOrThePeers() {
        assertThat(opened("""
                vrrp:
                  instances:
                    - { name: VI_1, interface: eth0, virtual_router_id: 51, virtual_ips: [192.0.2.10/24] }
                    - { name: VI_2, interface: eth0, virtual_router_id: 52, unicast_peers: [10.0.0.3, 10.0.0.4], virtual_ips: [192.0.2.11/24] }
                    - { name: VI_6, interface: eth1, virtual_router_id: 53, version: 3, virtual_ips: ["2001:db8::10/64"] }
                    - { name: VI_7, interface: eth1, virtual_router_id: 54, version: 3, unicast_peers: ["2001:db8::3"], virtual_ips: ["2001:db8::11/64"] }
                """)).containsExactly(
                "iifname \"eth0\" ip daddr 224.0.0.18 meta l4proto vrrp accept",
                "iifname \"eth0\" ip saddr { 10.0.0.3, 10.0.0.4 } meta l4proto vrrp accept",
                "iifname \"eth1\" ip6 daddr ff02::12 meta l4proto vrrp accept",
                "iifname \"eth1\" ip6 saddr 2001:db8::3 meta l4proto vrrp accept");
    }

    @Test
    void theDhcpServerIsOpenedOnItsInterface() {
        assertThat(opened("dhcp: { interface: eth1, ranges: [{ from: 192.168.77.50, to: 192.168.77.150 }] }\n"))
                .containsExactly("iifname \"eth1\" udp dport 67 accept");
    }

    @Test
    void openingsComeAfterTheAllowRulesAndWhatTheyRepeatIsLeftOut() {
        Ruleset ruleset = ruleset("""
                proxy:
                  listeners:
                    - { name: a, listen: [0.0.0.0:8080, 0.0.0.0:9000], %s }
                    - { name: b, listen: ["[::]:9000"], %s }
                admin: { listen: 0.0.0.0:8404 }
                firewall:
                  input: { allow: [{ port: 8080/tcp }, { port: 22/tcp }] }
                  auto_allow: true
                """.formatted(ROUTES, ROUTES));

        List<NftRule> rules = ruleset.chain("input").orElseThrow().rules();
        List<NftRule> added = rules.subList(INPUT_START.size() + INPUT_PING_DHCP.size(), rules.size());
        assertThat(added).containsExactly(
                new NftRule("tcp dport 8080 accept", "firewall.input.allow[0]"),
                new NftRule("tcp dport 22 accept", "firewall.input.allow[1]"),
                new NftRule("tcp dport 8404 accept", "auto_allow: admin listener 0.0.0.0:8404"),
                new NftRule("tcp dport 9000 accept", "auto_allow: proxy listener a 0.0.0.0:9000"),
                new NftRule("goto input_deny", "firewall.input.policy"));
    }

    @Test
    void everythingAtOnceInTheOrderOfTheSections() {
        assertThat(opened("""
                admin: { listen: 0.0.0.0:8404, allow: [10.0.0.0/8] }
                proxy:
                  listeners: [{ name: north, listen: [0.0.0.0:8080], %s }]
                dns: { listen: [0.0.0.0:53] }
                dhcp: { interface: eth1, ranges: [{ from: 192.168.77.50, to: 192.168.77.150 }] }
                ntp: { listen: [0.0.0.0:123], allow: [192.168.77.0/24] }
                vrrp:
                  instances: [{ name: VI_1, interface: eth0, virtual_router_id: 51, virtual_ips: [192.0.2.10/24] }]
                """.formatted(ROUTES))).containsExactly(
                "ip saddr 10.0.0.0/8 tcp dport 8404 accept",
                "tcp dport 8080 accept",
                "iifname \"eth1\" meta l4proto { tcp, udp } th dport 53 accept",
                "iifname \"eth1\" udp dport 67 accept",
                "ip saddr 192.168.77.0/24 udp dport 123 accept",
                "iifname \"eth0\" ip daddr 224.0.0.18 meta l4proto vrrp accept");
    }

    // ---------------------------------------------------------------------------------------------------
    // Output: what the node's services send
    // ---------------------------------------------------------------------------------------------------

    @Test
    void dnsForwardingReachesItsServersOnTheirPorts() {
        assertThat(sent("""
                dns:
                  listen: [127.0.0.1:53]
                  forward:
                    servers: [9.9.9.9, "149.112.112.112:5353", "2620:fe::fe"]
                    domains: { corp.example: [10.1.2.3] }
                """)).containsExactly(
                "ip daddr 9.9.9.9 meta l4proto { tcp, udp } th dport 53 accept",
                "ip daddr 149.112.112.112 meta l4proto { tcp, udp } th dport 5353 accept",
                "ip6 daddr 2620:fe::fe meta l4proto { tcp, udp } th dport 53 accept",
                "ip daddr 10.1.2.3 meta l4proto { tcp, udp } th dport 53 accept");
        assertThat(sent("""
                dns:
                  listen: [127.0.0.1:53]
                  forward: { resolv_conf: true }
                """)).as("the servers of resolv.conf are not known: port 53 anywhere")
                .containsExactly("meta l4proto { tcp, udp } th dport 53 accept");
    }

    @Test
    void proxyUpstreamsAreReachedByAddressOrAnywhereForANameWhichIsLookedUp() {
        assertThat(sent("""
                proxy:
                  listeners: [{ name: north, listen: [0.0.0.0:8080], routes: [{ upstream: app }] }]
                  upstreams:
                    app: { servers: [{ address: 10.0.0.5:8082 }, { address: app1:80 }, { address: "[2001:db8::5]:8080" }] }
                """)).containsExactly(
                "ip daddr 10.0.0.5 tcp dport 8082 accept",
                "tcp dport 80 accept",
                "ip6 daddr 2001:db8::5 tcp dport 8080 accept",
                "meta l4proto { tcp, udp } th dport 53 accept");
        assertThat(sent("""
                proxy:
                  listeners: [{ name: north, listen: [0.0.0.0:8080], routes: [{ upstream: app }] }]
                  upstreams:
                    app: { servers: [{ address: 10.0.0.5:8082 }] }
                """)).as("no name, no lookups").containsExactly("ip daddr 10.0.0.5 tcp dport 8082 accept");
    }

    @Test
    void theProxysOwnResolverIsAskedOnItsOwnPorts() {
        assertThat(sent("""
                proxy:
                  listeners: [{ name: north, listen: [0.0.0.0:8080], routes: [{ upstream: app }] }]
                  upstreams:
                    app: { servers: [{ address: app1:80 }] }
                  resolver: { servers: ["10.0.0.2:5353", "[2001:db8::53]:53"] }
                """)).containsExactly(
                "tcp dport 80 accept",
                "ip daddr 10.0.0.2 meta l4proto { tcp, udp } th dport 5353 accept",
                "ip6 daddr 2001:db8::53 meta l4proto { tcp, udp } th dport 53 accept");
    }

    @Test
    void ntpSourcesAreReachedByAddressOrAnywhere() {
        assertThat(sent("""
                ntp:
                  servers: [10.0.0.53, "ntp.lan:1123"]
                  pools: [{ name: pool.ntp.org }]
                """)).containsExactly(
                "ip daddr 10.0.0.53 udp dport 123 accept",
                "udp dport 1123 accept",
                "udp dport 123 accept",
                "meta l4proto { tcp, udp } th dport 53 accept");
    }

    @Test
    void vrrpAdvertsGoToTheGroupOrThePeers() {
        assertThat(sent("""
                vrrp:
                  instances:
                    - { name: VI_1, interface: eth0, virtual_router_id: 51, virtual_ips: [192.0.2.10/24] }
                    - { name: VI_2, interface: eth0, virtual_router_id: 52, unicast_peers: [10.0.0.3, 10.0.0.4], virtual_ips: [192.0.2.11/24] }
                    - { name: VI_6, interface: eth1, virtual_router_id: 53, version: 3, virtual_ips: ["2001:db8::10/64"] }
                """)).containsExactly(
                "oifname \"eth0\" ip daddr 224.0.0.18 meta l4proto vrrp accept",
                "oifname \"eth0\" ip daddr { 10.0.0.3, 10.0.0.4 } meta l4proto vrrp accept",
                "oifname \"eth1\" ip6 daddr ff02::12 meta l4proto vrrp accept");
    }

    @Test
    void theDhcpServerRepliesAndProbesOnItsInterface() {
        assertThat(sent("dhcp: { interface: eth1, ranges: [{ from: 192.168.77.50, to: 192.168.77.150 }] }\n"))
                .containsExactly("oifname \"eth1\" udp sport 67 accept", "oifname \"eth1\" icmp type echo-request accept");
        assertThat(sent("dhcp: { interface: eth1, probe: false, ranges: [{ from: 192.168.77.50, to: 192.168.77.150 }] }\n"))
                .containsExactly("oifname \"eth1\" udp sport 67 accept");
    }

    @Test
    void oneLookupRuleServesEveryName() {
        assertThat(sent("""
                proxy:
                  listeners: [{ name: north, listen: [0.0.0.0:8080], routes: [{ upstream: app }] }]
                  upstreams:
                    app: { servers: [{ address: app1:80 }, { address: app2:80 }] }
                ntp: { pools: [{ name: pool.ntp.org }, { name: 2.pool.ntp.org }] }
                """)).containsExactly(
                "tcp dport 80 accept",
                "udp dport 123 accept",
                "meta l4proto { tcp, udp } th dport 53 accept");
    }

    @Test
    void withoutAnOutputSectionTheNodeSendsFreely() {
        Ruleset ruleset = ruleset("ntp: { pools: [{ name: pool.ntp.org }] }\n" + FIREWALL);

        assertThat(chainNames(ruleset)).containsExactly("input", "input_deny");
    }

    // ---------------------------------------------------------------------------------------------------
    // keepalived's no_accept
    // ---------------------------------------------------------------------------------------------------

    @Test
    void acceptFalseDropsWhatIsSentToTheVirtualIpsUnlessTheNodeOwnsThem() {
        Ruleset ruleset = ruleset("""
                vrrp:
                  instances:
                    - { name: VI_1, interface: eth0, virtual_router_id: 51, accept: false, virtual_ips: [192.0.2.10/24, 192.0.2.11/24] }
                    - { name: VI_2, interface: eth0, virtual_router_id: 52, virtual_ips: [192.0.2.12/24] }
                    - { name: OWNER, interface: eth0, virtual_router_id: 53, priority: 255, accept: false, virtual_ips: [192.0.2.13/24] }
                    - { name: VI_6, interface: eth1, virtual_router_id: 54, version: 3, accept: false, virtual_ips: ["2001:db8::10/64"] }
                firewall:
                  input: { policy: accept }
                """);

        List<NftRule> rules = ruleset.chain("input").orElseThrow().rules();
        assertThat(rules.subList(INPUT_START.size(), INPUT_START.size() + 2)).containsExactly(
                new NftRule("ip daddr { 192.0.2.10, 192.0.2.11 } goto input_deny comment \"vrrp VI_1 no_accept\"",
                        "vrrp.instances[0].accept"),
                new NftRule("ip6 daddr 2001:db8::10 goto input_deny comment \"vrrp VI_6 no_accept\"",
                        "vrrp.instances[3].accept"));
        assertThat(rules.get(INPUT_START.size() + 2).statement()).isEqualTo(INPUT_PING_DHCP.getFirst());
        assertThat(statements(ruleset, "input_deny")).containsExactly("counter drop");
    }

    // ---------------------------------------------------------------------------------------------------
    // Without auto_allow: warnings
    // ---------------------------------------------------------------------------------------------------

    private static final String SERVICES = """
            admin: { listen: 0.0.0.0:8404, allow: [10.0.0.0/8] }
            proxy:
              listeners: [{ name: north, listen: [0.0.0.0:8080, "127.0.0.1:8081"], %s }]
            dns: { listen: [0.0.0.0:53] }
            dhcp:
              interface: eth1
              ranges: [{ from: 192.168.77.50, to: 192.168.77.150 }, { from: 192.168.88.50, to: 192.168.88.150, netmask: 255.255.255.0 }]
            ntp: { listen: [0.0.0.0:123], allow: [192.168.77.0/24] }
            vrrp:
              instances: [{ name: VI_1, interface: eth0, virtual_router_id: 51, virtual_ips: [192.0.2.10/24] }]
            """.formatted(ROUTES);

    @Test
    void eachListenerNoAllowRuleOpensIsWarnedAboutOnce() {
        Ruleset ruleset = ruleset(SERVICES + "firewall: { input: { allow: [{ port: 22/tcp }] } }\n");

        assertThat(ruleset.warnings()).containsExactly(
                "admin listener 0.0.0.0:8404 is unreachable: no firewall.input.allow rule opens tcp/8404 (auto_allow: "
                        + "true opens it to the networks it serves)",
                "proxy listener north 0.0.0.0:8080 is unreachable: no firewall.input.allow rule opens tcp/8080 "
                        + "(auto_allow: true opens it to the networks it serves)",
                "dns server 0.0.0.0:53 is unreachable: no firewall.input.allow rule opens tcp+udp/53 (auto_allow: true "
                        + "opens it to the networks it serves)",
                "dhcp server on eth1 is unreachable: no firewall.input.allow rule opens udp/67 (auto_allow: true opens "
                        + "it to the networks it serves)",
                "ntp server 0.0.0.0:123 is unreachable: no firewall.input.allow rule opens udp/123 (auto_allow: true "
                        + "opens it to the networks it serves)",
                "vrrp instance VI_1 is unreachable: no firewall.input.allow rule opens protocol vrrp (auto_allow: true "
                        + "opens it to the networks it serves)");
        assertThat(statements(ruleset, "input")).as("nothing is opened").doesNotContain("tcp dport 8080 accept");
    }

    @Test
    void aRuleThatOpensThePortSilencesTheWarning() {
        // Ports and protocols are compared, not addresses: a rule that opens the port to anyone is taken as meant
        assertThat(ruleset(SERVICES + """
                firewall:
                  input:
                    allow:
                      - { from: 10.0.0.0/8, port: 8404/tcp }
                      - { port: 22/tcp }
                      - { port: 8000-8100/tcp }
                      - { port: 53/udp }
                      - { port: 67, interface: eth1 }
                      - { protocol: udp, from: 192.168.77.0/24 }
                      - { protocol: vrrp }
                """).warnings()).isEmpty();
        assertThat(ruleset(SERVICES + "firewall: { input: { allow: [{ from: 0.0.0.0/0 }] } }\n").warnings())
                .as("a rule of addresses alone opens every port").isEmpty();
        assertThat(ruleset(SERVICES + "firewall: { input: { allow: [{ interface: eth0 }] } }\n").warnings()).isEmpty();
    }

    @Test
    void aRuleOfAnotherPortOrTransportDoesNot() {
        assertThat(ruleset("""
                admin: { listen: 0.0.0.0:8404 }
                ntp: { listen: [0.0.0.0:123], allow: [192.168.77.0/24] }
                firewall:
                  input: { allow: [{ port: 8404/udp }, { port: 124/udp }, { port: 123/tcp }, { protocol: tcp, from: 10.0.0.0/8 },
                      { port: 22/tcp }] }
                """).warnings()).containsExactly(
                "ntp server 0.0.0.0:123 is unreachable: no firewall.input.allow rule opens udp/123 (auto_allow: true "
                        + "opens it to the networks it serves)");
        assertThat(ruleset("""
                admin: { listen: 0.0.0.0:8404 }
                firewall: { input: { allow: [{ port: 8404/udp }, { port: 22/tcp }] } }
                """).warnings()).singleElement().asString().startsWith("admin listener 0.0.0.0:8404 is unreachable");
    }

    @Test
    void anAcceptingPolicyOrAutoAllowLeavesNothingToWarnAbout() {
        assertThat(ruleset(SERVICES + "firewall: { input: { policy: accept } }\n").warnings()).isEmpty();
        assertThat(ruleset(SERVICES + FIREWALL).warnings()).isEmpty();
        assertThat(ruleset("admin: {}\nfirewall: { input: { allow: [{ port: 22/tcp }] } }\n").warnings())
                .as("loopback needs no rule").isEmpty();
    }

    @Test
    void aDropPolicyWithoutSshIsWarnedAbout() {
        // ufw says the same when it is enabled: a new SSH session would not connect, an open one survives
        assertThat(ruleset("firewall: {}\n").warnings()).containsExactly("no firewall.input.allow rule opens SSH "
                + "(tcp/22): a session open now survives, a new one will not connect; { port: 22/tcp } opens it, as "
                + "ufw allow 22/tcp");
        assertThat(ruleset("firewall: { input: { allow: [{ port: 20-25 }] } }\n").warnings()).isEmpty();
        assertThat(ruleset("firewall: { input: { allow: [{ from: 10.0.0.0/8 }] } }\n").warnings())
                .as("a rule of addresses alone opens every port to them").isEmpty();
        assertThat(ruleset("firewall: { input: { allow: [{ port: 22/udp }] } }\n").warnings()).hasSize(1);
    }
}
