package io.edgeplane.gateway.vrrp;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The configs the harness writes for both implementations from one {@link VrrpInstanceSpec}: what they say, and
 * that edgeplane's own {@code check} accepts edgeplane's.
 */
class EdgeplaneNodeConfigIT {

    private static final Topology.Member N1 = new Topology.Member("n1", null, "n1",
            (Inet4Address) InetAddress.ofLiteral("198.18.0.1"), (Inet6Address) InetAddress.ofLiteral("2001:2::1"), 0);

    private static final VrrpInstanceSpec.TrackScript SCRIPT = new VrrpInstanceSpec.TrackScript("chk_flag",
            Path.of("/run/edgeplane-test/chk_flag.ok"), -60, Duration.ofSeconds(1));

    static Stream<VrrpInstanceSpec> specs() {
        return Stream.of(
                VrrpInstanceSpec.v2(150).withTrackScript(SCRIPT),
                VrrpInstanceSpec.v3(150).withUnicastPeers(List.of(InetAddress.ofLiteral("2001:2::2")))
                        .withTrackScript(SCRIPT),
                VrrpInstanceSpec.v3Ipv4(100).withPreempt(false)
                        .withUnicastPeers(List.of(InetAddress.ofLiteral("198.18.0.2"))));
    }

    @Test
    void edgeplaneConfigSaysWhatKeepalivedsSays() {
        VrrpInstanceSpec spec = VrrpInstanceSpec.v2(150).withPreempt(false).withTrackScript(SCRIPT);
        assertThat(EdgeplaneNode.render(N1, spec)).isEqualTo("""
                # Written by the VRRP interop test for node n1.
                node:
                  name: ep-n1

                vrrp:
                  instances:
                    - name: VI_1
                      interface: eth0
                      virtual_router_id: 51
                      priority: 150
                      version: 2
                      advert_interval: 1s
                      preempt: false
                      auth: { pass: "ep-vrrp" }
                      virtual_ips:
                        - 198.18.0.100/24
                      track:
                        - { script: chk_flag, weight: -60 }
                  scripts:
                    chk_flag:
                      command: [/usr/bin/test, -e, /run/edgeplane-test/chk_flag.ok]
                      interval: 1s
                """);
        assertThat(KeepalivedNode.render(N1, spec)).isEqualTo("""
                global_defs {
                    router_id ep_n1
                    script_user root
                }

                vrrp_script chk_flag {
                    script "/usr/bin/test -e /run/edgeplane-test/chk_flag.ok"
                    interval 1
                    weight -60
                    fall 1
                    rise 1
                }

                vrrp_instance VI_1 {
                    state BACKUP
                    interface eth0
                    virtual_router_id 51
                    priority 150
                    version 2
                    advert_int 1
                    nopreempt
                    authentication {
                        auth_type PASS
                        auth_pass ep-vrrp
                    }
                    virtual_ipaddress {
                        198.18.0.100/24 dev eth0
                    }
                    track_script {
                        chk_flag
                    }
                }
                """);
    }

    @Test
    void version3UnicastWritesTheSourceAndPeersInBoth() {
        VrrpInstanceSpec spec = VrrpInstanceSpec.v3(150)
                .withUnicastPeers(List.of(InetAddress.ofLiteral("2001:2::2")));
        assertThat(EdgeplaneNode.render(N1, spec)).contains("      advert_interval: 100ms\n",
                "      version: 3\n", "        - 2001:2::100/64\n", "      unicast_source: 2001:2:0:0:0:0:0:1\n",
                "      unicast_peers: [2001:2:0:0:0:0:0:2]\n").doesNotContain("auth");
        assertThat(KeepalivedNode.render(N1, spec)).contains("    advert_int 0.1\n", "    version 3\n",
                "    unicast_src_ip 2001:2:0:0:0:0:0:1\n", "        2001:2:0:0:0:0:0:2\n",
                "        2001:2::100/64 dev eth0\n").doesNotContain("authentication");
    }

    /** {@code bin/edgeplane check} accepts every config the harness writes (the distribution is built by now). */
    @ParameterizedTest
    @MethodSource("specs")
    void edgeplaneCheckAcceptsTheGeneratedConfig(VrrpInstanceSpec spec, @TempDir Path dir) throws Exception {
        assertThat(EdgeplaneNode.distribution()).as("the distribution, under " + EdgeplaneNode.distributionSearchPath()
                + " or edgeplane.dist.dir").isPresent();
        EdgeplaneNode node = new EdgeplaneNode(N1, spec, dir);
        assertThat(node.check()).as("bin/edgeplane check --config %s%n%s", node.config(),
                EdgeplaneNode.render(N1, spec)).contains("OK");
    }
}
