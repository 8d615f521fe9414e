package io.edgeplane.config.vrrp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeplane.config.ConfigDiff;
import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.config.bind.ConfigRenderer;
import io.edgeplane.config.bind.ScalarTypes;
import io.edgeplane.config.value.InterfaceAddress;
import io.edgeplane.config.value.IpAddresses;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code vrrp:} section: the seed's keepalived config in it, every key, keepalived's defaults, and every
 * bad value with its place.
 */
class VrrpConfigTest {

    /** A proxy with one listener and one pool, for trackers to name. */
    private static final String PROXY = """
            proxy:
              listeners:
                - name: public_https
                  listen: [127.0.0.1:8443]
                  routes: [{ upstream: api }]
              upstreams:
                api: { servers: [{ address: 127.0.0.1:8081 }] }
            """;

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private VrrpConfig vrrp(String yaml) throws Exception {
        return loader.parse("f.yaml", yaml).vrrp().orElseThrow();
    }

    private List<String> problems(String yaml) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse("f.yaml", yaml));
        assertThat(e).as("problems expected in:\n" + yaml).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private static InetAddress ip(String literal) throws Exception {
        return IpAddresses.parse(literal);
    }

    private static VrrpAddressConfig vip(String address) throws Exception {
        return new VrrpAddressConfig(InterfaceAddress.parse(address), Optional.empty(), Optional.empty());
    }

    private static VrrpTrackConfig listener(String name, Integer weight, Integer fall, Integer rise) {
        return new VrrpTrackConfig(Optional.empty(), Optional.of(name), Optional.empty(), Optional.empty(),
                Optional.ofNullable(weight), Optional.ofNullable(fall), Optional.ofNullable(rise));
    }

    @Test
    void theSeedsKeepalivedConfigAsTheExampleWritesIt() throws Exception {
        // /etc/keepalived/keepalived.conf of dynia-node-infrastructure.md, in config/examples/dynia-node.yaml.
        EdgeplaneConfig config = loader.load(Path.of("examples", "dynia-node.yaml"));

        VrrpInstanceConfig vi1 = new VrrpInstanceConfig("VI_1", "eth0", 51, 100, 2, Duration.ofSeconds(1), false,
                Duration.ZERO, true, Optional.of(new VrrpAuthConfig("dynia_cl")),
                List.of(new VrrpAddressConfig(InterfaceAddress.parse("138.197.55.84/24"), Optional.of("eth0"), Optional.empty())),
                Optional.empty(), List.of(), List.of(listener("public_https", -2, 3, 2)),
                new VrrpNotifyConfig(Optional.of("/etc/edgeplane/notify_master.sh"), Optional.of("/etc/edgeplane/notify_backup.sh"),
                        Optional.of("/etc/edgeplane/notify_fault.sh"), Optional.empty()),
                new VrrpGarpConfig(Duration.ofSeconds(2), 3, Duration.ofSeconds(60), 1));
        assertThat(config.vrrp()).contains(new VrrpConfig(List.of(vi1), Map.of(), List.of()));
        VrrpConfig vrrp = config.vrrp().orElseThrow();
        VrrpTrackConfig tracker = vi1.track().getFirst();
        assertThat(tracker.kind()).isEqualTo(VrrpTrackConfig.Kind.LISTENER);
        assertThat(tracker.target()).isEqualTo("public_https");
        assertThat(List.of(vrrp.weight(tracker), vrrp.fall(tracker), vrrp.rise(tracker))).containsExactly(-2, 3, 2);
        assertThat(vi1.ipv6()).isFalse();
        assertThat(vi1.unicast()).isFalse();
        assertThat(vi1.addressOwner()).isFalse();
    }

    @Test
    void aMinimalInstanceTakesKeepalivedsDefaults() throws Exception {
        VrrpConfig vrrp = vrrp("""
                vrrp:
                  instances:
                    - name: VI_1
                      interface: eth0
                      virtual_router_id: 51
                      virtual_ips: [192.0.2.10/24]
                """);
        VrrpInstanceConfig instance = vrrp.instances().getFirst();
        assertThat(instance).isEqualTo(new VrrpInstanceConfig("VI_1", "eth0", 51, 100, 2, Duration.ofSeconds(1), true,
                Duration.ZERO, true, Optional.empty(), List.of(vip("192.0.2.10/24")), Optional.empty(), List.of(), List.of(),
                VrrpNotifyConfig.none(), VrrpGarpConfig.defaults()));
        assertThat(VrrpGarpConfig.defaults()).isEqualTo(new VrrpGarpConfig(Duration.ofSeconds(5), 5, Duration.ZERO, 1));
        assertThat(vrrp.scripts()).isEmpty();
        assertThat(vrrp.syncGroups()).isEmpty();
        assertThat(vrrp.instance("VI_1")).contains(instance);
        assertThat(vrrp.instance("VI_2")).isEmpty();
        assertThat(vrrp.syncGroupOf("VI_1")).isEmpty();
    }

    @Test
    void everyKey() throws Exception {
        VrrpConfig vrrp = vrrp(PROXY + """
                vrrp:
                  instances:
                    - name: VI_OUT
                      interface: eth0
                      virtual_router_id: 52
                      priority: 150
                      version: 3
                      advert_interval: 250ms
                      preempt: true
                      preempt_delay: 30s
                      accept: true
                      virtual_ips:
                        - 2001:db8::10/64
                        - { address: "2001:db8:1::10", dev: eth1 }
                      unicast_source: 2001:db8::2
                      unicast_peers: [2001:db8::3, "2001:db8::4"]
                      track:
                        - { script: chk_nginx }
                        - { script: chk_nginx_slow, weight: 10 }
                        - { listener: public_https, fall: 2 }
                        - { pool: api, weight: -20, fall: 3, rise: 5 }
                        - { interface: eth1, weight: -10 }
                      notify: { master: /usr/local/bin/m, backup: /usr/local/bin/b, fault: /usr/local/bin/f, stop: /usr/local/bin/s }
                      garp: { master_delay: 0s, repeat: 2, refresh: 60s, refresh_repeat: 3 }
                    - name: VI_IN
                      interface: eth1
                      virtual_router_id: 52
                      auth: { pass: "12345678" }
                      virtual_ips:
                        - { address: 10.0.0.1/24, label: "eth1:gw" }
                        - { address: 10.0.1.1/24, dev: eth2, label: "eth2:gw" }
                    - name: VI_IN2
                      interface: eth1
                      virtual_router_id: 53
                      virtual_ips: [10.0.2.1/24]
                  scripts:
                    chk_nginx:
                      command: [/usr/bin/pgrep, -x, nginx]
                      interval: 2s
                      timeout: 500ms
                      weight: -30
                      fall: 3
                      rise: 2
                      user: nobody
                      group: nogroup
                    chk_nginx_slow: { command: /usr/local/bin/check-nginx }
                  sync_groups:
                    - name: G_IN
                      instances: [VI_IN, VI_IN2]
                      notify: { master: /usr/local/bin/g }
                """);
        VrrpInstanceConfig out = vrrp.instances().getFirst();
        assertThat(out.version()).isEqualTo(3);
        assertThat(out.priority()).isEqualTo(150);
        assertThat(out.advertInterval()).isEqualTo(Duration.ofMillis(250));
        assertThat(out.preemptDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(out.accept()).isTrue();
        assertThat(out.ipv6()).isTrue();
        assertThat(out.unicast()).isTrue();
        assertThat(out.virtualIps()).containsExactly(vip("2001:db8::10/64"),
                new VrrpAddressConfig(InterfaceAddress.parse("2001:db8:1::10/128"), Optional.of("eth1"), Optional.empty()));
        assertThat(out.virtualIps().get(0).device(out.interfaceName())).isEqualTo("eth0");
        assertThat(out.virtualIps().get(1).device(out.interfaceName())).isEqualTo("eth1");
        assertThat(out.unicastSource()).contains(ip("2001:db8::2"));
        assertThat(out.unicastPeers()).containsExactly(ip("2001:db8::3"), ip("2001:db8::4"));
        assertThat(out.track()).extracting(VrrpTrackConfig::kind).containsExactly(VrrpTrackConfig.Kind.SCRIPT,
                VrrpTrackConfig.Kind.SCRIPT, VrrpTrackConfig.Kind.LISTENER, VrrpTrackConfig.Kind.POOL, VrrpTrackConfig.Kind.INTERFACE);
        assertThat(out.track()).extracting(VrrpTrackConfig::target)
                .containsExactly("chk_nginx", "chk_nginx_slow", "public_https", "api", "eth1");
        // A script tracker takes its script's weight, fall and rise unless it gives its own weight.
        assertThat(out.track()).extracting(vrrp::weight).containsExactly(-30, 10, 0, -20, -10);
        assertThat(out.track()).extracting(vrrp::fall).containsExactly(3, 1, 2, 3, 1);
        assertThat(out.track()).extracting(vrrp::rise).containsExactly(2, 1, 1, 5, 1);
        assertThat(out.notifyPrograms()).isEqualTo(new VrrpNotifyConfig(Optional.of("/usr/local/bin/m"),
                Optional.of("/usr/local/bin/b"), Optional.of("/usr/local/bin/f"), Optional.of("/usr/local/bin/s")));
        assertThat(out.garp()).isEqualTo(new VrrpGarpConfig(Duration.ZERO, 2, Duration.ofSeconds(60), 3));

        VrrpInstanceConfig in = vrrp.instances().get(1);
        assertThat(in.auth()).contains(new VrrpAuthConfig("12345678"));
        assertThat(in.virtualIps()).containsExactly(
                new VrrpAddressConfig(InterfaceAddress.parse("10.0.0.1/24"), Optional.empty(), Optional.of("eth1:gw")),
                new VrrpAddressConfig(InterfaceAddress.parse("10.0.1.1/24"), Optional.of("eth2"), Optional.of("eth2:gw")));

        assertThat(vrrp.scripts()).containsOnlyKeys("chk_nginx", "chk_nginx_slow");
        VrrpScriptConfig nginx = vrrp.scripts().get("chk_nginx");
        assertThat(nginx).isEqualTo(new VrrpScriptConfig(List.of("/usr/bin/pgrep", "-x", "nginx"), Duration.ofSeconds(2),
                Optional.of(Duration.ofMillis(500)), -30, 3, 2, Optional.of("nobody"), Optional.of("nogroup")));
        assertThat(nginx.effectiveTimeout()).isEqualTo(Duration.ofMillis(500));
        // vrrp_script's defaults: interval 1s, timeout = interval, weight 0, fall 1, rise 1.
        VrrpScriptConfig slow = vrrp.scripts().get("chk_nginx_slow");
        assertThat(slow).isEqualTo(new VrrpScriptConfig(List.of("/usr/local/bin/check-nginx"), Duration.ofSeconds(1),
                Optional.empty(), 0, 1, 1, Optional.empty(), Optional.empty()));
        assertThat(slow.effectiveTimeout()).isEqualTo(Duration.ofSeconds(1));

        VrrpSyncGroupConfig group = new VrrpSyncGroupConfig("G_IN", List.of("VI_IN", "VI_IN2"),
                new VrrpNotifyConfig(Optional.of("/usr/local/bin/g"), Optional.empty(), Optional.empty(), Optional.empty()));
        assertThat(vrrp.syncGroups()).containsExactly(group);
        assertThat(vrrp.syncGroupOf("VI_IN2")).contains(group);
        assertThat(vrrp.syncGroupOf("VI_OUT")).isEmpty();
    }

    @Test
    void requiredKeys() {
        assertThat(problems("""
                vrrp:
                  instances:
                    - priority: 100
                """)).containsExactly(
                "f.yaml:3:7: vrrp.instances[0].name: missing required key 'name'",
                "f.yaml:3:7: vrrp.instances[0].interface: missing required key 'interface'",
                "f.yaml:3:7: vrrp.instances[0].virtual_router_id: missing required key 'virtual_router_id'");
        assertThat(problems("""
                vrrp:
                  instances:
                    - { name: VI_1, interface: eth0, virtual_router_id: 51 }
                """)).containsExactly("f.yaml:3:7: vrrp.instances[0].virtual_ips: an instance needs at least one virtual IP "
                + "(expected: virtual_ips: [192.0.2.10/24])");
        assertThat(problems("vrrp:\n")).containsExactly("f.yaml:1:6: vrrp.instances: the vrrp section has no instances "
                + "(expected: instances: [{ name: VI_1, interface: eth0, virtual_router_id: 51, virtual_ips: [192.0.2.10/24] }])");
    }

    @Test
    void acceptFalseNeedsTheFirewallThatEnforcesIt() {
        String instance = """
                vrrp:
                  instances:
                    - name: VI_1
                      interface: eth0
                      virtual_router_id: 51
                      accept: false
                      virtual_ips: [192.0.2.10/24]
                """;
        assertThat(problems(instance)).containsExactly("f.yaml:6:15: vrrp.instances[0].accept: accept: false "
                + "(keepalived's no_accept) drops what is sent to the virtual IPs with firewall rules, and this config "
                + "has no firewall section (expected: a firewall section, or accept: true (the default))");
        assertThatCode(() -> loader.parse("f.yaml", instance + "firewall: { input: { policy: accept } }\n"))
                .doesNotThrowAnyException();
        assertThatCode(() -> loader.parse("f.yaml", instance.replace("accept: false", "accept: false\n      priority: 255")))
                .doesNotThrowAnyException();
    }

    @Test
    void rangesAreKeepalivedsAndTheRfcs() {
        assertThat(problems("""
                vrrp:
                  instances:
                    - name: VI 1
                      interface: "eth0:1"
                      virtual_router_id: 0
                      priority: 256
                      version: 4
                      preempt_delay: 1001s
                      virtual_ips: [192.0.2.10/24]
                """)).containsExactly(
                "f.yaml:3:13: vrrp.instances[0].name: 'VI 1' is not an instance name "
                        + "(expected: letters, digits, '_', '-' and '.', such as VI_1)",
                "f.yaml:4:18: vrrp.instances[0].interface: 'eth0:1' is not an interface name "
                        + "(expected: an interface name of 1 to 15 characters without '/', ':' or spaces, such as eth0)",
                "f.yaml:5:26: vrrp.instances[0].virtual_router_id: virtual_router_id must be 1..255 "
                        + "(expected: the same number on every router of this instance, such as 51)",
                "f.yaml:6:17: vrrp.instances[0].priority: priority must be 1..255 "
                        + "(expected: such as 100 on the preferred router and 90, 80 on the others; 255 only for the address owner)",
                "f.yaml:7:16: vrrp.instances[0].version: version must be 2 or 3 (expected: 2 (RFC 3768, IPv4) or 3 (RFC 5798, IPv4 and IPv6))",
                "f.yaml:8:22: vrrp.instances[0].preempt_delay: preempt_delay must be 0s..1000s, not 16m41s (expected: such as 0s or 30s)");
        assertThat(problems("""
                vrrp:
                  instances:
                    - { name: VI_1, interface: eth0, virtual_router_id: 256, priority: 0, virtual_ips: [192.0.2.10/24] }
                """)).hasSize(2);
    }

    @Test
    void theAdvertIntervalIsWholeSecondsInVersion2AndCentisecondsInVersion3() {
        String v2 = " (expected: such as 1s; or version: 3 for intervals below a second)";
        String v3 = " (expected: such as 1s or 100ms)";
        for (String interval : List.of("500ms", "1s500ms", "0s", "4m16s")) {
            assertThat(problems("""
                    vrrp:
                      instances:
                        - name: VI_1
                          interface: eth0
                          virtual_router_id: 51
                          advert_interval: %s
                          virtual_ips: [192.0.2.10/24]
                    """.formatted(interval))).containsExactly("f.yaml:6:24: vrrp.instances[0].advert_interval: "
                    + "a VRRPv2 advert interval is whole seconds, 1s..255s, not " + interval + v2);
        }
        for (String interval : List.of("5ms", "15ms", "0s", "41s", "40s960ms")) {
            assertThat(problems("""
                    vrrp:
                      instances:
                        - name: VI_1
                          interface: eth0
                          virtual_router_id: 51
                          version: 3
                          advert_interval: %s
                          virtual_ips: [192.0.2.10/24]
                    """.formatted(interval))).containsExactly("f.yaml:7:24: vrrp.instances[0].advert_interval: "
                    + "a VRRPv3 advert interval is 10ms..40s950ms in steps of 10ms, not " + interval + v3);
        }
    }

    @Test
    void theAdvertIntervalBoundsAreAccepted() throws Exception {
        for (String v2 : List.of("1s", "255s", "4m15s")) {
            assertThat(vrrp("vrrp: { instances: [{ name: a, interface: eth0, virtual_router_id: 1, virtual_ips: [192.0.2.1], "
                    + "advert_interval: " + v2 + " }] }").instances().getFirst().advertInterval().toSeconds()).isBetween(1L, 255L);
        }
        for (String v3 : List.of("10ms", "40s950ms", "990ms")) {
            assertThat(vrrp("vrrp: { instances: [{ name: a, interface: eth0, virtual_router_id: 1, virtual_ips: [192.0.2.1], "
                    + "version: 3, advert_interval: " + v3 + " }] }").instances().getFirst().version()).isEqualTo(3);
        }
    }

    @Test
    void ipv6NeedsVersion3AndAnInstanceHasOneFamily() {
        assertThat(problems("""
                vrrp:
                  instances:
                    - name: VI_6
                      interface: eth0
                      virtual_router_id: 51
                      virtual_ips: [2001:db8::10/64]
                """)).containsExactly("f.yaml:3:7: vrrp.instances[0].version: IPv6 virtual IPs need VRRP version 3: "
                + "version 2 (RFC 3768) carries IPv4 only (expected: version: 3)");
        assertThat(problems("""
                vrrp:
                  instances:
                    - name: VI_1
                      interface: eth0
                      virtual_router_id: 51
                      version: 3
                      virtual_ips: [192.0.2.10/24, "2001:db8::10/64", 192.0.2.10/25]
                """)).containsExactly(
                "f.yaml:7:36: vrrp.instances[0].virtual_ips[1]: 2001:db8::10/64 is IPv6 but the instance's first virtual IP, "
                        + "192.0.2.10/24, is IPv4: an instance's adverts carry one family "
                        + "(expected: the other family's addresses in an instance of their own, as keepalived requires)",
                "f.yaml:7:55: vrrp.instances[0].virtual_ips[2]: 192.0.2.10 is listed twice (expected: each virtual IP once)");
    }

    @Test
    void virtualIpsAreUnicastAddressesWithValidDevicesAndLabels() {
        assertThat(problems("""
                vrrp:
                  instances:
                    - name: VI_1
                      interface: eth0
                      virtual_router_id: 51
                      version: 3
                      virtual_ips:
                        - 224.0.0.18
                        - 127.0.0.2/8
                        - 0.0.0.0
                        - { address: 192.0.2.10/24, dev: "bad/dev" }
                        - { address: 192.0.2.11/24, label: "vip" }
                        - { address: 192.0.2.12/24, dev: eth1, label: "eth0:vip" }
                        - { address: 192.0.2.13/24, label: "eth0:a-very-long-label" }
                        - { address: 192.0.2.14/24, label: "eth0:vip" }
                """)).containsExactly(
                "f.yaml:8:11: vrrp.instances[0].virtual_ips[0].address: 224.0.0.18/32 cannot be a virtual IP "
                        + "(expected: a unicast address of the network the interface is on, such as 192.0.2.10/24)",
                "f.yaml:9:11: vrrp.instances[0].virtual_ips[1].address: 127.0.0.2/8 cannot be a virtual IP "
                        + "(expected: a unicast address of the network the interface is on, such as 192.0.2.10/24)",
                "f.yaml:10:11: vrrp.instances[0].virtual_ips[2].address: 0.0.0.0/32 cannot be a virtual IP "
                        + "(expected: a unicast address of the network the interface is on, such as 192.0.2.10/24)",
                "f.yaml:11:42: vrrp.instances[0].virtual_ips[3].dev: 'bad/dev' is not an interface name "
                        + "(expected: an interface name of 1 to 15 characters without '/', ':' or spaces, such as eth0)",
                "f.yaml:12:44: vrrp.instances[0].virtual_ips[4].label: label 'vip' does not start with the name of its "
                        + "interface, eth0 (expected: eth0:vip, as ip address add requires)",
                "f.yaml:13:55: vrrp.instances[0].virtual_ips[5].label: label 'eth0:vip' does not start with the name of its "
                        + "interface, eth1 (expected: eth1:vip, as ip address add requires)",
                "f.yaml:14:44: vrrp.instances[0].virtual_ips[6].label: label 'eth0:a-very-long-label' is not 1 to 15 "
                        + "characters without spaces (expected: the interface's name and a suffix, such as eth0:vip)");
        assertThat(problems("vrrp: { instances: [{ name: a, interface: eth0, virtual_router_id: 1, virtual_ips: [192.0.2.300] }] }"))
                .containsExactly("f.yaml:1:85: vrrp.instances[0].virtual_ips[0].address: '192.0.2.300' is not an IP address "
                        + "(expected: " + InterfaceAddress.EXPECTED + ")");
        assertThat(problems("""
                vrrp:
                  instances:
                    - name: VI_6
                      interface: eth0
                      virtual_router_id: 51
                      version: 3
                      virtual_ips: [{ address: "fe80::10/64", label: "eth0:v6" }]
                """)).containsExactly("f.yaml:7:54: vrrp.instances[0].virtual_ips[0].label: IPv6 addresses have no labels; "
                + "label applies to IPv4 only (expected: no label on fe80::10/64)");
    }

    @Test
    void instanceNamesRouterIdsAndVirtualIpsAreNotShared() throws Exception {
        assertThat(problems("""
                vrrp:
                  instances:
                    - { name: VI_1, interface: eth0, virtual_router_id: 51, virtual_ips: [192.0.2.10/24] }
                    - { name: VI_1, interface: eth0, virtual_router_id: 51, virtual_ips: [192.0.2.11/24] }
                    - { name: VI_3, interface: eth1, virtual_router_id: 51, virtual_ips: [192.0.2.10/24] }
                """)).containsExactly(
                "f.yaml:4:15: vrrp.instances[1].name: instance name 'VI_1' is used twice (expected: a unique name per instance)",
                "f.yaml:4:57: vrrp.instances[1].virtual_router_id: virtual_router_id 51 is already used for IPv4 on eth0 by "
                        + "instance VI_1 (expected: a virtual_router_id unique per interface and address family)",
                "f.yaml:5:75: vrrp.instances[2].virtual_ips[0]: 192.0.2.10 is already a virtual IP of instance VI_1 "
                        + "(expected: each virtual IP in one instance)");
        // The same router ID on another interface, or for the other family on the same one, is another router.
        VrrpConfig vrrp = vrrp("""
                vrrp:
                  instances:
                    - { name: VI_1, interface: eth0, virtual_router_id: 51, virtual_ips: [192.0.2.10/24] }
                    - { name: VI_2, interface: eth1, virtual_router_id: 51, virtual_ips: [192.0.2.11/24] }
                    - { name: VI_3, interface: eth0, virtual_router_id: 51, version: 3, virtual_ips: ["2001:db8::1/64"] }
                """);
        assertThat(vrrp.instances()).hasSize(3);
    }

    @Test
    void authIsVrrpV2sEightBytePasswordAndNeverPrinted() {
        assertThat(problems("""
                vrrp:
                  instances:
                    - name: VI_1
                      interface: eth0
                      virtual_router_id: 51
                      auth: { pass: dynia_cluster_secret }
                      virtual_ips: [192.0.2.10/24]
                    - name: VI_2
                      interface: eth0
                      virtual_router_id: 52
                      version: 3
                      auth: { pass: "" }
                      virtual_ips: [192.0.2.11/24]
                """)).containsExactly(
                "f.yaml:6:21: vrrp.instances[0].auth.pass: the password is 20 bytes, and a VRRPv2 advert carries at most 8 "
                        + "(keepalived would silently use the first 8) "
                        + "(expected: 1 to 8 characters, the same on every router of the instance)",
                "f.yaml:12:13: vrrp.instances[1].auth: VRRPv3 has no authentication (RFC 5798 removed it) "
                        + "(expected: no auth with version 3, or version: 2)",
                "f.yaml:12:21: vrrp.instances[1].auth.pass: the password is empty "
                        + "(expected: 1 to 8 characters, the same on every router of the instance)");
        assertThat(new VrrpAuthConfig("s3cret")).hasToString("VrrpAuthConfig[pass=<redacted>]");
    }

    @Test
    void preemptionRulesOfKeepalived() {
        assertThat(problems("""
                vrrp:
                  instances:
                    - name: VI_1
                      interface: eth0
                      virtual_router_id: 51
                      priority: 255
                      preempt: false
                      virtual_ips: [192.0.2.10/24]
                    - name: VI_2
                      interface: eth0
                      virtual_router_id: 52
                      preempt: false
                      preempt_delay: 10s
                      virtual_ips: [192.0.2.11/24]
                """)).containsExactly(
                "f.yaml:7:16: vrrp.instances[0].preempt: the address owner (priority 255) always takes over: preempt: false "
                        + "cannot hold it back (keepalived resets nopreempt there) (expected: preempt: true, or a priority below 255)",
                "f.yaml:13:22: vrrp.instances[1].preempt_delay: preempt_delay delays preempting, which preempt: false turns off "
                        + "(keepalived resets it there) (expected: preempt: true with the delay, or no preempt_delay)");
    }

    /** One instance on eth0 with these lines added to it (indented as its keys). */
    private static String instanceWith(String lines) {
        return """
                vrrp:
                  instances:
                    - name: VI_1
                      interface: eth0
                      virtual_router_id: 51
                      virtual_ips: [192.0.2.10/24]
                """ + lines.indent(6);
    }

    @Test
    void aTrackerWatchesExactlyOneThing() {
        assertThat(problems(PROXY + instanceWith("""
                track:
                  - { weight: -2 }
                  - { listener: public_https, pool: api }
                  - { script: chk, interface: eth1, pool: api }
                """) + """
                  scripts:
                    chk: { command: /bin/true }
                """)).containsExactly(
                "f.yaml:15:11: vrrp.instances[0].track[0]: a tracker needs something to watch "
                        + "(expected: one of script, listener, pool or interface; one entry each)",
                "f.yaml:16:11: vrrp.instances[0].track[1]: a tracker watches one thing, this one names listener and pool "
                        + "(expected: one of script, listener, pool or interface; one entry each)",
                "f.yaml:17:11: vrrp.instances[0].track[2]: a tracker watches one thing, this one names script and pool and "
                        + "interface (expected: one of script, listener, pool or interface; one entry each)");
    }

    @Test
    void trackerWeightsAreKeepalivedsAndFallAndRiseBelongWhereTheyCount() {
        String weight = " (expected: 0 (FAULT while down), or such as -20 (priority lowered by 20 while down), as keepalived)";
        assertThat(problems(PROXY + instanceWith("""
                track:
                  - { listener: public_https, weight: -254, fall: 0, rise: 0 }
                  - { pool: api, weight: 254 }
                  - { script: chk, fall: 3, rise: 2 }
                  - { interface: eth1, fall: 3 }
                  - { interface: "eth1 ", weight: -253 }
                  - { pool: api, weight: 253 }
                """) + """
                  scripts:
                    chk: { command: /bin/true }
                """)).containsExactly(
                "f.yaml:15:45: vrrp.instances[0].track[0].weight: weight must be -253..253" + weight,
                "f.yaml:15:57: vrrp.instances[0].track[0].fall: fall must be 1 or more (expected: such as 3)",
                "f.yaml:15:66: vrrp.instances[0].track[0].rise: rise must be 1 or more (expected: such as 2)",
                "f.yaml:16:32: vrrp.instances[0].track[1].weight: weight must be -253..253" + weight,
                "f.yaml:17:32: vrrp.instances[0].track[2].fall: fall of a script is set on the script, under vrrp.scripts "
                        + "(expected: fall and rise on the script)",
                "f.yaml:17:41: vrrp.instances[0].track[2].rise: rise of a script is set on the script, under vrrp.scripts "
                        + "(expected: fall and rise on the script)",
                "f.yaml:18:36: vrrp.instances[0].track[3].fall: fall does not apply to an interface: its link state is "
                        + "followed as it changes (expected: no fall or rise here)",
                "f.yaml:19:24: vrrp.instances[0].track[4].interface: 'eth1 ' is not an interface name "
                        + "(expected: an interface name of 1 to 15 characters without '/', ':' or spaces, such as eth0)",
                "f.yaml:20:19: vrrp.instances[0].track[5].pool: pool api is tracked twice, as track[1] already "
                        + "(expected: each thing tracked once)");
    }

    @Test
    void scriptsListenersAndPoolsMustExist() {
        assertThat(problems(PROXY + instanceWith("""
                track:
                  - { script: chk_haproxy }
                  - { listener: public_http }
                  - { pool: app }
                  - { interface: eth0 }
                """) + """
                  scripts:
                    chk_nginx: { command: /bin/true }
                    chk_other: { command: /bin/true }
                """)).containsExactly(
                "f.yaml:15:21: vrrp.instances[0].track[0].script: no script is named 'chk_haproxy' "
                        + "(expected: one of chk_nginx, chk_other)",
                "f.yaml:16:23: vrrp.instances[0].track[1].listener: no proxy listener is named 'public_http' "
                        + "(expected: one of public_https)",
                "f.yaml:17:19: vrrp.instances[0].track[2].pool: no proxy upstream pool is named 'app' (expected: one of api)",
                "f.yaml:18:24: vrrp.instances[0].track[3].interface: the instance's own interface eth0 is always tracked: "
                        + "the instance is in FAULT while its link is down (expected: another interface, or no tracker for eth0)");
        // Without a proxy section there is nothing to name; without scripts, likewise.
        assertThat(problems(instanceWith("""
                track:
                  - { listener: public_https }
                  - { pool: api }
                  - { script: chk }
                """))).containsExactly(
                "f.yaml:8:23: vrrp.instances[0].track[0].listener: no proxy listener is named 'public_https' "
                        + "(expected: a listener defined under proxy.listeners)",
                "f.yaml:9:19: vrrp.instances[0].track[1].pool: no proxy upstream pool is named 'api' "
                        + "(expected: a pool defined under proxy.upstreams)",
                "f.yaml:10:21: vrrp.instances[0].track[2].script: no script is named 'chk' "
                        + "(expected: a script defined under vrrp.scripts)");
    }

    @Test
    void theAddressOwnersPriorityNeverMoves() throws Exception {
        String owner = "instance VI_1 has priority 255, the address owner's, which no tracker may change, but ";
        String expected = " (keepalived ignores such trackers) (expected: weight: 0 (FAULT while down), or a priority below 255)";
        assertThat(problems(PROXY + instanceWith("""
                priority: 255
                track:
                  - { script: chk }
                  - { listener: public_https, weight: 5 }
                  - { interface: eth1 }
                  - { pool: api, weight: 0 }
                """) + """
                  scripts:
                    chk: { command: /bin/true, weight: -2 }
                """)).containsExactly(
                "f.yaml:16:11: vrrp.instances[0].track[0].weight: " + owner + "it takes the weight of script chk, -2" + expected,
                "f.yaml:17:45: vrrp.instances[0].track[1].weight: " + owner + "its weight is 5" + expected);
        // Unweighted trackers put the owner in FAULT, which is all an owner's tracker can do.
        VrrpConfig vrrp = vrrp(PROXY + instanceWith("""
                priority: 255
                track:
                  - { script: chk, weight: 0 }
                  - { pool: api }
                """) + """
                  scripts:
                    chk: { command: /bin/true, weight: -2 }
                """);
        assertThat(vrrp.instances().getFirst().addressOwner()).isTrue();
        assertThat(vrrp.instances().getFirst().track()).extracting(vrrp::weight).containsExactly(0, 0);
    }

    @Test
    void syncGroupMembersExistBelongToOneGroupAndTrackWithoutWeight() {
        assertThat(problems("""
                vrrp:
                  instances:
                    - { name: VI_1, interface: eth0, virtual_router_id: 1, virtual_ips: [192.0.2.1/24] }
                    - { name: VI_2, interface: eth1, virtual_router_id: 2, virtual_ips: [198.51.100.1/24],
                        track: [{ script: chk }, { interface: eth2, weight: -10 }, { interface: eth3 }] }
                    - { name: VI_3, interface: eth2, virtual_router_id: 3, virtual_ips: [203.0.113.1/24] }
                  scripts:
                    chk: { command: /bin/true, weight: 2 }
                  sync_groups:
                    - { name: G1, instances: [VI_1, VI_2, VI_9] }
                    - { name: G2, instances: [VI_3, VI_2, VI_3] }
                    - { name: G1, instances: [VI_1] }
                    - { name: "G 4", instances: [] }
                """)).containsExactly(
                "f.yaml:5:17: vrrp.instances[1].track[0].weight: instance VI_2 is in sync group G1, whose members change "
                        + "state together, so no tracker may move one's priority, but it takes the weight of script chk, 2 "
                        + "(keepalived ignores such trackers) (expected: weight: 0 (FAULT while down, for the whole group))",
                "f.yaml:5:61: vrrp.instances[1].track[1].weight: instance VI_2 is in sync group G1, whose members change "
                        + "state together, so no tracker may move one's priority, but its weight is -10 "
                        + "(keepalived ignores such trackers) (expected: weight: 0 (FAULT while down, for the whole group))",
                "f.yaml:10:43: vrrp.sync_groups[0].instances[2]: no instance is named 'VI_9' (expected: one of VI_1, VI_2, VI_3)",
                "f.yaml:11:37: vrrp.sync_groups[1].instances[1]: instance VI_2 is already in sync group G1 "
                        + "(expected: each instance in at most one sync group)",
                "f.yaml:11:43: vrrp.sync_groups[1].instances[2]: instance 'VI_3' is listed twice (expected: each instance once)",
                "f.yaml:12:15: vrrp.sync_groups[2].name: sync group name 'G1' is used twice (expected: a unique name per sync group)",
                "f.yaml:12:30: vrrp.sync_groups[2].instances: a sync group of one instance keeps nothing together "
                        + "(expected: two or more instances, such as [VI_OUTSIDE, VI_INSIDE])",
                "f.yaml:13:15: vrrp.sync_groups[3].name: 'G 4' is not a sync group name "
                        + "(expected: letters, digits, '_', '-' and '.', such as VI_1)",
                "f.yaml:13:33: vrrp.sync_groups[3].instances: a sync group of no instance keeps nothing together "
                        + "(expected: two or more instances, such as [VI_OUTSIDE, VI_INSIDE])");
    }

    @Test
    void unicastPeersAndSourceAreOfTheInstancesFamily() {
        assertThat(problems(instanceWith("""
                unicast_source: "2001:db8::2"
                unicast_peers: [10.0.0.3, "2001:db8::4", 10.0.0.3, 224.0.0.18, 0.0.0.0, 10.0.0.5]
                """))).containsExactly(
                "f.yaml:7:23: vrrp.instances[0].unicast_source: 2001:db8::2 is IPv6 but the instance is IPv4 "
                        + "(expected: an address of the family of the virtual IPs)",
                "f.yaml:8:33: vrrp.instances[0].unicast_peers[1]: 2001:db8::4 is IPv6 but the instance is IPv4 "
                        + "(expected: the other routers' addresses of the family of the virtual IPs)",
                "f.yaml:8:48: vrrp.instances[0].unicast_peers[2]: 10.0.0.3 is listed twice (expected: each peer once)",
                "f.yaml:8:58: vrrp.instances[0].unicast_peers[3]: 224.0.0.18 is not a router's unicast address "
                        + "(expected: the other routers' addresses)",
                "f.yaml:8:70: vrrp.instances[0].unicast_peers[4]: 0.0.0.0 is not a router's unicast address "
                        + "(expected: the other routers' addresses)");
        assertThat(problems(instanceWith("""
                unicast_source: 10.0.0.2
                """))).containsExactly("f.yaml:7:23: vrrp.instances[0].unicast_source: unicast_source is the source of "
                + "unicast adverts, and without unicast_peers adverts are multicast "
                + "(expected: unicast_peers: [the other routers' addresses], or no unicast_source)");
        assertThat(problems(instanceWith("""
                unicast_source: 10.0.0.2
                unicast_peers: [10.0.0.3, 10.0.0.2]
                """))).containsExactly("f.yaml:8:33: vrrp.instances[0].unicast_peers[1]: 10.0.0.2 is this router's own "
                + "unicast_source (expected: the other routers' addresses)");
    }

    @Test
    void notifyProgramsAreAbsolutePathsWithoutArguments() {
        String absolute = " (expected: the full path of a program, such as /etc/edgeplane/notify_master.sh)";
        assertThat(problems(instanceWith("""
                notify:
                  master: notify_master.sh
                  backup: "/etc/edgeplane/notify.sh BACKUP"
                  fault: ""
                """) + """
                  sync_groups:
                    - name: G1
                      instances: [VI_1, VI_2]
                      notify: { stop: ./stop.sh }
                """).stream().filter(p -> p.contains(".notify.")).toList()).containsExactly(  // VI_2 is missing too, which is not the point here
                "f.yaml:8:17: vrrp.instances[0].notify.master: 'notify_master.sh' is not an absolute path" + absolute,
                "f.yaml:9:17: vrrp.instances[0].notify.backup: '/etc/edgeplane/notify.sh BACKUP' has a space: notify "
                        + "programs run without a shell and without arguments "
                        + "(expected: the path of the program alone; a wrapper script can add arguments)",
                "f.yaml:10:16: vrrp.instances[0].notify.fault: '' is not an absolute path" + absolute,
                "f.yaml:14:23: vrrp.sync_groups[0].notify.stop: './stop.sh' is not an absolute path" + absolute);
    }

    @Test
    void garpIsKeepalivedsWithBounds() {
        assertThat(problems(instanceWith("""
                garp: { master_delay: 2h, repeat: 0, refresh: 61m, refresh_repeat: 256 }
                """))).containsExactly(
                "f.yaml:7:29: vrrp.instances[0].garp.master_delay: master_delay 2h is out of range "
                        + "(expected: 0s (no second burst) to 1h; 5s as keepalived)",
                "f.yaml:7:41: vrrp.instances[0].garp.repeat: repeat must be 1..255 (expected: 5, as keepalived sends by default)",
                "f.yaml:7:53: vrrp.instances[0].garp.refresh: refresh 1h1m is out of range (expected: 0s (no refresh) to 1h, such as 60s)",
                "f.yaml:7:74: vrrp.instances[0].garp.refresh_repeat: refresh_repeat must be 1..255 "
                        + "(expected: 1, as keepalived sends by default)");
    }

    @Test
    void scriptsAreProgramsRunWithoutAShell() {
        assertThat(problems("""
                vrrp:
                  instances:
                    - { name: VI_1, interface: eth0, virtual_router_id: 1, virtual_ips: [192.0.2.1/24] }
                  scripts:
                    "chk haproxy": { command: /bin/true }
                    relative: { command: check.sh }
                    shell: { command: "/usr/bin/pgrep haproxy" }
                    empty: { command: [] }
                    ranges: { command: /bin/true, interval: 50ms, timeout: 0s, weight: 254, fall: 0, rise: 0 }
                    users: { command: /bin/true, user: "no body", group: "1bad" }
                """)).containsExactly(
                "f.yaml:5:20: vrrp.scripts.chk haproxy: 'chk haproxy' is not a script name "
                        + "(expected: letters, digits, '_', '-' and '.', such as VI_1)",
                "f.yaml:6:26: vrrp.scripts.relative.command[0]: 'check.sh' is not an absolute path "
                        + "(expected: the full path of the program, such as /usr/bin/pgrep)",
                "f.yaml:7:23: vrrp.scripts.shell.command[0]: '/usr/bin/pgrep haproxy' has a space: the command runs without "
                        + "a shell, so the program and its arguments are items of a list (expected: such as [/usr/bin/pgrep, -x, nginx])",
                "f.yaml:8:23: vrrp.scripts.empty.command: the script has no command (expected: such as [/usr/bin/pgrep, -x, nginx])",
                "f.yaml:9:45: vrrp.scripts.ranges.interval: interval 50ms is out of range (expected: 100ms to 1h; 1s as keepalived)",
                "f.yaml:9:60: vrrp.scripts.ranges.timeout: timeout 0s is out of range "
                        + "(expected: more than 0s and at most 1h; absent = the interval)",
                "f.yaml:9:72: vrrp.scripts.ranges.weight: weight must be -253..253 "
                        + "(expected: 0 (FAULT while failing), or such as -20 (priority lowered by 20 while failing), as keepalived)",
                "f.yaml:9:83: vrrp.scripts.ranges.fall: fall must be 1 or more (expected: such as 3)",
                "f.yaml:9:92: vrrp.scripts.ranges.rise: rise must be 1 or more (expected: such as 2)",
                "f.yaml:10:40: vrrp.scripts.users.user: 'no body' is not a user name (expected: a user name such as nobody)",
                "f.yaml:10:58: vrrp.scripts.users.group: '1bad' is not a group name (expected: a group name such as nogroup)");
    }

    @Test
    void unknownKeysGetAHint() {
        assertThat(problems(instanceWith("""
                priorty: 100
                advert_int: 1
                """))).containsExactly(
                "f.yaml:7:7: vrrp.instances[0].priorty: unknown key 'priorty'; did you mean 'priority'? (expected: one of "
                        + "name, interface, virtual_router_id, priority, version, advert_interval, preempt, preempt_delay, "
                        + "accept, auth, virtual_ips, unicast_source, unicast_peers, track, notify, garp)",
                "f.yaml:8:7: vrrp.instances[0].advert_int: unknown key 'advert_int' (expected: one of "
                        + "name, interface, virtual_router_id, priority, version, advert_interval, preempt, preempt_delay, "
                        + "accept, auth, virtual_ips, unicast_source, unicast_peers, track, notify, garp)");
    }

    @Test
    void aReloadNamesTheVrrpSectionWhenItChanges() throws Exception {
        String base = instanceWith("priority: 100\n");
        EdgeplaneConfig before = loader.parse("f.yaml", base);
        assertThat(ConfigDiff.changedSections(before, loader.parse("f.yaml", base))).isEmpty();
        // The same values written differently are no change: defaults spelled out, a VIP in its long form.
        assertThat(ConfigDiff.changedSections(before, loader.parse("f.yaml", """
                vrrp:
                  instances:
                    - name: VI_1
                      interface: eth0
                      virtual_router_id: 51
                      version: 2
                      advert_interval: 1000ms
                      virtual_ips: [{ address: 192.0.2.10/24 }]
                """))).isEmpty();
        assertThat(ConfigDiff.changedSections(before, loader.parse("f.yaml", base.replace("priority: 100", "priority: 90"))))
                .containsExactly("vrrp");
        assertThat(ConfigDiff.changedSections(before, loader.parse("f.yaml", "node: { name: n }\n")))
                .containsExactly("node", "vrrp");
    }

    @Test
    void theRunningConfigShowsVrrpKeysAndHidesThePassword() throws Exception {
        EdgeplaneConfig config = loader.load(Path.of("examples", "dynia-node.yaml"));
        Map<String, Object> tree = new ConfigRenderer(ScalarTypes.standard()).render(config);

        Map<?, ?> instance = (Map<?, ?>) ((List<?>) ((Map<?, ?>) tree.get("vrrp")).get("instances")).getFirst();
        assertThat(instance.get("interface")).isEqualTo("eth0");
        assertThat(instance.get("auth")).isEqualTo(Map.of("pass", ConfigRenderer.REDACTED));
        assertThat(instance.get("advert_interval")).isEqualTo("1s");
        assertThat(instance.get("virtual_ips")).isEqualTo(List.of(Map.of("address", "138.197.55.84/24", "dev", "eth0")));
        assertThat(((Map<?, ?>) instance.get("notify")).get("master")).isEqualTo("/etc/edgeplane/notify_master.sh");
        assertThat(instance.keySet().stream().map(String::valueOf).limit(3).toList()).containsExactly("name", "interface", "virtual_router_id");
        assertThat(tree.toString()).doesNotContain("dynia_cl");
    }

    @Test
    void theExamplesOfTheDocsCheck() throws Exception {
        // docs/configuration.md, section vrrp: its two examples, with a proxy that has the tracked listener.
        ConfigLoader withPass = new ConfigLoader(Variables.of(Map.of("VRRP_PASS", "8letters")));
        VrrpConfig first = withPass.parse("docs.yaml", PROXY + """
                vrrp:                                   # keepalived.conf
                  instances:
                    - name: VI_1                        # vrrp_instance VI_1 {
                      interface: eth0                   #   interface eth0
                      virtual_router_id: 51             #   virtual_router_id 51
                      priority: 100                     #   priority 100 (90, 80 on the other nodes)
                      advert_interval: 1s               #   advert_int 1
                      preempt: false                    #   nopreempt
                      auth: { pass: "${VRRP_PASS}" }    #   authentication { auth_type PASS; auth_pass ... }
                      virtual_ips:                      #   virtual_ipaddress {
                        - 138.197.55.84/24              #     138.197.55.84/24
                        - { address: 10.0.0.5/24, dev: eth1, label: "eth1:vip" }   # 10.0.0.5/24 dev eth1 label eth1:vip
                      track:
                        - { listener: public_https, weight: -2, fall: 3, rise: 2 }   # instead of a check_haproxy.sh
                        - { script: chk_dns, weight: -2 }                             # track_script { chk_dns weight -2 }
                        - { interface: eth1 }                                         # track_interface { eth1 }
                      notify: { master: /etc/edgeplane/notify_master.sh, backup: /etc/edgeplane/notify_backup.sh }
                      garp: { master_delay: 2s, repeat: 3, refresh: 60s }           # garp_master_delay 2 ...
                  scripts:
                    chk_dns:                            # vrrp_script chk_dns {
                      command: [/usr/bin/dig, +short, +time=1, "@127.0.0.1", localhost]   # script "..."
                      interval: 2s                      #   interval 2
                      fall: 3                           #   fall 3
                      rise: 2                           #   rise 2
                """).vrrp().orElseThrow();
        assertThat(first.instances().getFirst().track()).hasSize(3);
        assertThat(first.scripts().get("chk_dns").command()).containsExactly("/usr/bin/dig", "+short", "+time=1", "@127.0.0.1", "localhost");
        VrrpConfig second = loader.parse("docs.yaml", """
                vrrp:
                  instances:
                    - { name: VI_OUT, interface: eth0, virtual_router_id: 10, virtual_ips: [203.0.113.10/24],
                        unicast_source: 198.51.100.2, unicast_peers: [198.51.100.3] }
                    - { name: VI_IN, interface: eth1, virtual_router_id: 11, virtual_ips: [10.0.0.1/24],
                        unicast_source: 10.0.0.2, unicast_peers: [10.0.0.3] }
                  sync_groups:
                    - { name: G1, instances: [VI_OUT, VI_IN], notify: { master: /etc/edgeplane/g1_master.sh } }
                """).vrrp().orElseThrow();
        assertThat(second.syncGroups().getFirst().instances()).containsExactly("VI_OUT", "VI_IN");
    }
}
