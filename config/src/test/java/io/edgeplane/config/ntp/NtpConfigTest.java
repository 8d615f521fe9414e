package io.edgeplane.config.ntp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.edgeplane.config.ConfigDiff;
import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.config.bind.ConfigRenderer;
import io.edgeplane.config.bind.ScalarTypes;
import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.config.value.TimeServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The {@code ntp:} section: the seed's chrony config in it, every key, defaults, and every bad value with its place. */
class NtpConfigTest {

    private static final String ADDRESS = "(expected: " + TimeServer.EXPECTED + ")";

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private NtpConfig ntp(String yaml) throws Exception {
        return loader.parse("f.yaml", yaml).ntp().orElseThrow();
    }

    private List<String> problems(String yaml) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse("f.yaml", yaml));
        assertThat(e).as("problems expected in:\n" + yaml).isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void theSeedsChronyConfig() throws Exception {
        // ntp/chrony.conf: pool pool.ntp.org iburst / allow 192.168.77.0/24 / local stratum 10 / driftfile ...
        NtpConfig ntp = ntp("""
                ntp:
                  listen: [0.0.0.0:123]
                  pools: [{ name: pool.ntp.org, iburst: true }]
                  allow: [192.168.77.0/24]
                  local_stratum: 10
                  drift_file: /var/lib/edgeplane/ntp.drift
                """);
        assertThat(ntp.listen()).containsExactly(new HostPort("0.0.0.0", 123));
        assertThat(ntp.pools()).containsExactly(new NtpPoolConfig(new TimeServer("pool.ntp.org", 123), true, 6, 10, false, 4));
        assertThat(ntp.allow()).containsExactly(Cidr.parse("192.168.77.0/24"));
        assertThat(ntp.deny()).isEmpty();
        assertThat(ntp.servers()).isEmpty();
        assertThat(ntp.localStratum()).contains(10);
        assertThat(ntp.localAfterSync()).isFalse();
        assertThat(ntp.driftFile()).contains("/var/lib/edgeplane/ntp.drift");
        assertThat(ntp.rateLimit()).isEmpty();
        assertThat(ntp.discipline()).isEqualTo(NtpConfig.Discipline.NONE);
        assertThat(ntp.makestep()).isEqualTo(NtpMakestepConfig.defaults());
        assertThat(ntp.serves()).isTrue();
        assertThat(ntp.synchronises()).isTrue();
    }

    @Test
    void everyKey() throws Exception {
        NtpConfig ntp = ntp("""
                ntp:
                  listen: [127.0.0.1:1123, "[::1]:1123"]
                  allow: [127.0.0.1, 192.168.77.0/24, "::1"]
                  deny: [192.168.77.128/25]
                  servers:
                    - { address: 10.0.0.53, iburst: true, minpoll: 4, maxpoll: 6, prefer: true }
                    - ntp.lan:1123
                    - "2001:db8::123"
                    - "[2001:db8::124]:1123"
                  pools:
                    - { name: 2.pool.ntp.org, iburst: true, minpoll: 7, maxpoll: 12, prefer: true, max_sources: 3 }
                    - Time.Example.COM
                  local_stratum: 8
                  local_after_sync: true
                  rate_limit: { interval: 1, burst: 16, leak: 3, table_size: 4096 }
                  drift_file: /var/lib/edgeplane/ntp.drift
                  discipline: system
                  makestep: { threshold: 100ms, limit: -1 }
                """);
        assertThat(ntp.listen()).containsExactly(new HostPort("127.0.0.1", 1123), new HostPort("::1", 1123));
        assertThat(ntp.allow()).containsExactly(Cidr.parse("127.0.0.1/32"), Cidr.parse("192.168.77.0/24"), Cidr.parse("::1/128"));
        assertThat(ntp.deny()).containsExactly(Cidr.parse("192.168.77.128/25"));
        assertThat(ntp.servers()).containsExactly(
                new NtpServerConfig(new TimeServer("10.0.0.53", 123), true, 4, 6, true),
                new NtpServerConfig(new TimeServer("ntp.lan", 1123), false, 6, 10, false),
                new NtpServerConfig(new TimeServer("2001:db8::123", 123), false, 6, 10, false),
                new NtpServerConfig(new TimeServer("2001:db8::124", 1123), false, 6, 10, false));
        assertThat(ntp.pools()).containsExactly(
                new NtpPoolConfig(new TimeServer("2.pool.ntp.org", 123), true, 7, 12, true, 3),
                new NtpPoolConfig(new TimeServer("time.example.com", 123), false, 6, 10, false, 4));
        assertThat(ntp.localStratum()).contains(8);
        assertThat(ntp.localAfterSync()).isTrue();
        assertThat(ntp.rateLimit()).contains(new NtpRateLimitConfig(1, 16, 3, 4096));
        assertThat(ntp.driftFile()).contains("/var/lib/edgeplane/ntp.drift");
        assertThat(ntp.discipline()).isEqualTo(NtpConfig.Discipline.SYSTEM);
        assertThat(ntp.makestep()).isEqualTo(new NtpMakestepConfig(Duration.ofMillis(100), NtpMakestepConfig.ALWAYS));
    }

    @Test
    void aClientOnlyNodeTakesChronysDefaults() throws Exception {
        NtpConfig ntp = ntp("""
                ntp:
                  servers: [10.0.0.53]
                  pools: [pool.ntp.org]
                """);
        assertThat(ntp.serves()).isFalse();
        assertThat(ntp.synchronises()).isTrue();
        assertThat(ntp.listen()).isEmpty();
        assertThat(ntp.allow()).isEmpty();
        NtpServerConfig server = ntp.servers().getFirst();
        assertThat(server.address().toSocketAddress().getPort()).isEqualTo(123);
        assertThat(server.iburst()).isFalse();
        assertThat(server.minpoll()).isEqualTo(6);
        assertThat(server.maxpoll()).isEqualTo(10);
        assertThat(server.prefer()).isFalse();
        NtpPoolConfig pool = ntp.pools().getFirst();
        assertThat(pool.maxSources()).isEqualTo(4);
        assertThat(pool.iburst()).isFalse();
        assertThat(pool.minpoll()).isEqualTo(6);
        assertThat(pool.maxpoll()).isEqualTo(10);
        assertThat(ntp.localStratum()).isEmpty();
        assertThat(ntp.localAfterSync()).isFalse();
        assertThat(ntp.rateLimit()).isEmpty();
        assertThat(ntp.driftFile()).isEmpty();
        assertThat(ntp.discipline()).isEqualTo(NtpConfig.Discipline.NONE);
        assertThat(ntp.makestep().threshold()).isEqualTo(Duration.ofSeconds(1));
        assertThat(ntp.makestep().limit()).isEqualTo(3);
    }

    @Test
    void aServerWithoutUpstreamsServesItsLocalClock() throws Exception {
        NtpConfig ntp = ntp("""
                ntp:
                  listen: [127.0.0.1:123]
                  allow: [127.0.0.1]
                  local_stratum: 10
                """);
        assertThat(ntp.serves()).isTrue();
        assertThat(ntp.synchronises()).isFalse();
    }

    @Test
    void rateLimitWithoutKeysIsChronysRatelimit() throws Exception {
        NtpConfig ntp = ntp("""
                ntp:
                  listen: [127.0.0.1:123]
                  allow: [127.0.0.1]
                  rate_limit:
                """);
        assertThat(ntp.rateLimit()).contains(NtpRateLimitConfig.defaults());
        assertThat(NtpRateLimitConfig.defaults()).isEqualTo(new NtpRateLimitConfig(3, 8, 2, 65536));
    }

    @Test
    void makestepKeysDefaultOneByOne() throws Exception {
        assertThat(ntp("ntp: { pools: [pool.ntp.org], makestep: { limit: 0 } }").makestep())
                .isEqualTo(new NtpMakestepConfig(Duration.ofSeconds(1), 0));
        assertThat(ntp("ntp: { pools: [pool.ntp.org], makestep: { threshold: 0s } }").makestep())
                .isEqualTo(new NtpMakestepConfig(Duration.ZERO, 3));
    }

    @Test
    void aSectionWithNothingToDoIsAnError() {
        assertThat(problems("""
                ntp:
                  drift_file: /var/lib/edgeplane/ntp.drift
                """)).containsExactly(
                "f.yaml:2:3: ntp: the ntp section has nothing to do: no servers or pools to synchronise to, and no listen "
                        + "address to serve time on (expected: pools: [pool.ntp.org], or listen: [0.0.0.0:123] with "
                        + "allow: [192.168.77.0/24])");
        assertThat(problems("ntp:\n")).singleElement().asString().startsWith("f.yaml:1:5: ntp: the ntp section has nothing to do");
    }

    @Test
    void listenAddressesAreIpAddressesListedOnce() {
        assertThat(problems("""
                ntp:
                  listen: [ntp.lan:123, 127.0.0.1:123, "127.0.0.1:123"]
                  allow: [127.0.0.1]
                """)).containsExactly(
                "f.yaml:2:12: ntp.listen[0]: the NTP server binds an address, not the name 'ntp.lan' "
                        + "(expected: such as 0.0.0.0:123, 127.0.0.1:123 or [::1]:123)",
                "f.yaml:2:40: ntp.listen[2]: 127.0.0.1:123 is listed twice (expected: each address once)");
    }

    @Test
    void aServerWithoutAllowAnswersNobodyLikeChrony() {
        assertThat(problems("""
                ntp:
                  listen: [127.0.0.1:123]
                """)).containsExactly(
                "f.yaml:2:3: ntp.allow: no client may ask: as in chrony, the server answers only the networks in allow, "
                        + "loopback included (expected: such as allow: [127.0.0.1, 192.168.77.0/24])");
    }

    @Test
    void serverKeysWithoutListenAreErrors() {
        String expected = " has no effect without listen: this node serves no time "
                + "(expected: listen: [0.0.0.0:123] to serve time, or leave it out for a client only)";
        assertThat(problems("""
                ntp:
                  pools: [pool.ntp.org]
                  allow: [10.0.0.0/8]
                  deny: [10.1.0.0/16]
                  rate_limit:
                  local_stratum: 10
                """)).containsExactly(
                "f.yaml:3:10: ntp.allow: allow" + expected,
                "f.yaml:4:9: ntp.deny: deny" + expected,
                "f.yaml:5:14: ntp.rate_limit: rate_limit" + expected,
                "f.yaml:6:18: ntp.local_stratum: local_stratum" + expected);
    }

    @Test
    void networksAreListedOnceAndNeverBothAllowedAndDenied() {
        assertThat(problems("""
                ntp:
                  listen: [0.0.0.0:123]
                  allow: [10.0.0.0/8, 10.1.2.3/8]
                  deny: [10.0.0.0/8, 10.9.0.0/16, 10.9.0.0/16]
                """)).containsExactly(
                "f.yaml:3:23: ntp.allow[1]: 10.0.0.0/8 is listed twice (expected: each network once)",
                "f.yaml:4:10: ntp.deny[0]: 10.0.0.0/8 is in both allow and deny (expected: one of them; deny a smaller "
                        + "network inside an allowed one, such as 192.168.77.0/24 allowed and 192.168.77.128/25 denied)",
                "f.yaml:4:35: ntp.deny[2]: 10.9.0.0/16 is listed twice (expected: each network once)");
    }

    @Test
    void localStratumIsChronys1To15() {
        String expected = "(expected: 10, as chrony's local stratum 10: above any real server in the network)";
        for (String stratum : List.of("0", "16", "-1")) {
            assertThat(problems("""
                    ntp:
                      listen: [0.0.0.0:123]
                      allow: [10.0.0.0/8]
                      local_stratum: %s
                    """.formatted(stratum))).containsExactly(
                    "f.yaml:4:18: ntp.local_stratum: local_stratum must be 1..15 " + expected);
        }
        assertThat(problems("ntp: { listen: [0.0.0.0:123], allow: [10.0.0.0/8], local_stratum: ten }"))
                .containsExactly("f.yaml:1:67: ntp.local_stratum: 'ten' is not a whole number (expected: a whole number)");
    }

    @Test
    void localAfterSyncNeedsALocalStratumAndSomethingToSyncTo() {
        assertThat(problems("""
                ntp:
                  listen: [0.0.0.0:123]
                  allow: [10.0.0.0/8]
                  local_after_sync: true
                """)).containsExactly(
                "f.yaml:4:21: ntp.local_after_sync: local_after_sync needs local_stratum: it holds back serving the local "
                        + "clock, which only local_stratum turns on (expected: local_stratum: 10)",
                "f.yaml:4:21: ntp.local_after_sync: local_after_sync without servers or pools would never serve: nothing "
                        + "can synchronise the clock (expected: pools: [pool.ntp.org], or local_after_sync: false)");
    }

    @Test
    void pollIntervalsAreChronysRangeWithMinpollAtMostMaxpoll() {
        String order = " (expected: minpoll at most maxpoll, such as minpoll: 4 with maxpoll: 6)";
        assertThat(problems("""
                ntp:
                  servers:
                    - { address: 10.0.0.1, minpoll: 11 }
                    - { address: 10.0.0.2, maxpoll: 3 }
                    - { address: 10.0.0.3, minpoll: 8, maxpoll: 7 }
                    - { address: 10.0.0.4, minpoll: -8, maxpoll: 25 }
                    - { address: 10.0.0.5, minpoll: -7, maxpoll: 24 }
                  pools:
                    - { name: pool.ntp.org, minpoll: 12 }
                """)).containsExactly(
                "f.yaml:3:37: ntp.servers[0].minpoll: minpoll 11 is above maxpoll 10" + order,
                "f.yaml:4:37: ntp.servers[1].maxpoll: minpoll 6 is above maxpoll 3" + order,
                "f.yaml:5:49: ntp.servers[2].maxpoll: minpoll 8 is above maxpoll 7" + order,
                "f.yaml:6:37: ntp.servers[3].minpoll: minpoll must be -7..24 (a power of 2 in seconds) "
                        + "(expected: 6 (64 s); below 6 only for a server on your own network)",
                "f.yaml:6:50: ntp.servers[3].maxpoll: maxpoll must be -7..24 (a power of 2 in seconds) (expected: 10 (1024 s))",
                "f.yaml:9:38: ntp.pools[0].minpoll: minpoll 12 is above maxpoll 10" + order);
    }

    @Test
    void poolMaxSourcesIsChronys1To16() {
        assertThat(problems("""
                ntp:
                  pools:
                    - { name: 0.pool.ntp.org, max_sources: 17 }
                    - name: 1.pool.ntp.org
                      max_sources: 0
                    - { name: 2.pool.ntp.org, max_sources: 16 }
                    - { name: 3.pool.ntp.org, max_sources: 1 }
                """)).containsExactly(
                "f.yaml:3:44: ntp.pools[0].max_sources: max_sources must be 1..16 (expected: 4, as chrony uses by default)",
                "f.yaml:5:20: ntp.pools[1].max_sources: max_sources must be 1..16 (expected: 4, as chrony uses by default)");
    }

    @Test
    void serversAndPoolsAreListedOnce() {
        assertThat(problems("""
                ntp:
                  servers: [10.0.0.53, "10.0.0.53:123", { address: 10.0.0.53, port: 1123 }]
                """)).containsExactly(
                "f.yaml:2:24: ntp.servers[1].address: 10.0.0.53 is listed twice (expected: each server once)",
                "f.yaml:2:52: ntp.servers[2].address: 10.0.0.53 is listed twice (expected: each server once)",
                "f.yaml:2:63: ntp.servers[2].port: unknown key 'port' (expected: one of address, iburst, minpoll, maxpoll, prefer)");
        assertThat(problems("""
                ntp:
                  servers: [10.0.0.53, "10.0.0.53:123", "10.0.0.53:1123", NTP.lan]
                  pools: [pool.ntp.org, { name: Pool.NTP.org }, ntp.lan]
                """)).containsExactly(
                "f.yaml:2:24: ntp.servers[1].address: 10.0.0.53 is listed twice (expected: each server once)",
                "f.yaml:3:33: ntp.pools[1].name: pool.ntp.org is listed twice (expected: each server or pool once)",
                "f.yaml:3:49: ntp.pools[2].name: ntp.lan is listed twice, as a server and as a pool "
                        + "(expected: each server or pool once)");
    }

    @Test
    void serverAddressesMustBeAskable() {
        assertThat(problems("""
                ntp:
                  servers: ["*:123", "ntp.lan:0", "bad name", "[::1", "ntp.lan:70000", 10.0.0.256]
                """)).containsExactly(
                "f.yaml:2:13: ntp.servers[0].address: '*:123' names no server; '*' only means every local address to "
                        + "listen on " + ADDRESS,
                "f.yaml:2:22: ntp.servers[1].address: port 0 in 'ntp.lan:0' cannot be asked; NTP servers listen on "
                        + "1..65535, usually 123 " + ADDRESS,
                "f.yaml:2:35: ntp.servers[2].address: 'bad name' is neither an IP address nor a host name " + ADDRESS,
                "f.yaml:2:47: ntp.servers[3].address: '[::1' has an unclosed '[' around its IPv6 address " + ADDRESS,
                "f.yaml:2:55: ntp.servers[4].address: port 70000 in 'ntp.lan:70000' is above 65535 " + ADDRESS,
                "f.yaml:2:72: ntp.servers[5].address: '10.0.0.256' is neither an IP address nor a host name " + ADDRESS);
    }

    @Test
    void rateLimitIsChronysRanges() {
        assertThat(problems("""
                ntp:
                  listen: [0.0.0.0:123]
                  allow: [0.0.0.0/0]
                  rate_limit: { interval: 13, burst: 0, leak: 5, table_size: 10 }
                """)).containsExactly(
                "f.yaml:4:27: ntp.rate_limit.interval: interval must be -19..12 (a power of 2 in seconds) "
                        + "(expected: 3 (one answer per 8 s), as chrony uses by default)",
                "f.yaml:4:38: ntp.rate_limit.burst: burst must be 1..255 (expected: 8, as chrony uses by default)",
                "f.yaml:4:47: ntp.rate_limit.leak: leak must be 1..4 (one limited request in 2^leak is answered) "
                        + "(expected: 2 (one in four), as chrony uses by default)",
                "f.yaml:4:62: ntp.rate_limit.table_size: table_size must be 256..16777216 (expected: 65536)");
        assertThat(problems("""
                ntp:
                  listen: [0.0.0.0:123]
                  allow: [0.0.0.0/0]
                  rate_limit: { interval: -20, burst: 256, leak: 0, table_size: 16777217 }
                """)).hasSize(4);
        assertThat(problems("""
                ntp:
                  listen: [0.0.0.0:123]
                  allow: [0.0.0.0/0]
                  rate_limit: { interval: -19, burst: 255, leak: 4, table_size: 16777216, kod: 1 }
                """)).containsExactly("f.yaml:4:75: ntp.rate_limit.kod: unknown key 'kod' "
                + "(expected: one of interval, burst, leak, table_size)");
    }

    @Test
    void disciplineMakestepAndDriftFile() {
        assertThat(problems("""
                ntp:
                  pools: [pool.ntp.org]
                  discipline: kernel
                """)).containsExactly("f.yaml:3:15: ntp.discipline: 'kernel' is not a known choice (expected: one of none, system)");
        assertThat(problems("""
                ntp:
                  pools: [pool.ntp.org]
                  drift_file: " "
                  makestep: { threshold: 1s, limit: -2 }
                """)).containsExactly(
                "f.yaml:3:15: ntp.drift_file: the path is empty (expected: such as /var/lib/edgeplane/ntp.drift)",
                "f.yaml:4:37: ntp.makestep.limit: limit must be -1 (step on any update), 0 (never step) or more "
                        + "(expected: 3: step only in the first three clock updates)");
        assertThat(problems("""
                ntp:
                  pools: [pool.ntp.org]
                  makestep: { threshold: 1.5s }
                """)).singleElement().asString().startsWith("f.yaml:3:26: ntp.makestep.threshold: ");
    }

    @Test
    void unknownKeysGetAHint() {
        assertThat(problems("""
                ntp:
                  pools: [pool.ntp.org]
                  driftfile: /var/lib/chrony/drift
                """)).containsExactly("f.yaml:3:3: ntp.driftfile: unknown key 'driftfile'; did you mean 'drift_file'? "
                + "(expected: one of listen, allow, deny, servers, pools, local_stratum, local_after_sync, rate_limit, "
                + "drift_file, discipline, makestep)");
    }

    @Test
    void everyProblemInTheSectionIsReportedAtOnce() {
        assertThat(problems("""
                ntp:
                  listen: [127.0.0.1:123, 127.0.0.1:123]
                  servers: [{ address: 10.0.0.1, minpoll: 11 }]
                  pools: [{ name: pool.ntp.org, max_sources: 0 }]
                  local_stratum: 0
                """)).extracting(p -> p.substring(0, p.indexOf(": ", p.indexOf(": ") + 2))).containsExactly(
                "f.yaml:2:3: ntp.allow",
                "f.yaml:2:27: ntp.listen[1]",
                "f.yaml:3:43: ntp.servers[0].minpoll",
                "f.yaml:4:46: ntp.pools[0].max_sources",
                "f.yaml:5:18: ntp.local_stratum");
    }

    @Test
    void aChangedNtpSectionIsNamedByTheDiff() throws Exception {
        EdgeplaneConfig before = loader.parse("f.yaml", "ntp: { pools: [pool.ntp.org] }");
        EdgeplaneConfig same = loader.parse("f.yaml", "ntp: { pools: [{ name: POOL.ntp.org, max_sources: 4 }] }");
        EdgeplaneConfig after = loader.parse("f.yaml", "ntp: { pools: [{ name: pool.ntp.org, iburst: true }] }");
        EdgeplaneConfig off = loader.parse("f.yaml", "");

        assertThat(ConfigDiff.changedSections(before, same)).isEmpty();
        assertThat(ConfigDiff.changedSections(before, after)).containsExactly("ntp");
        assertThat(ConfigDiff.changedSections(before, off)).containsExactly("ntp");
        assertThat(off.ntp()).isEqualTo(Optional.empty());
    }

    @Test
    void whatIsRenderedLoadsBackToTheSameConfig() throws Exception {
        EdgeplaneConfig config = loader.parse("f.yaml", """
                ntp:
                  listen: [127.0.0.1:1123, "[::1]:123"]
                  allow: [127.0.0.1, 192.168.77.0/24]
                  deny: [192.168.77.128/25]
                  servers: [10.0.0.53, "ntp.lan:1123", "[2001:db8::123]:1123", { address: "2001:db8::124", prefer: true }]
                  pools: [{ name: pool.ntp.org, iburst: true }]
                  local_stratum: 10
                  local_after_sync: true
                  rate_limit: { interval: -2 }
                  drift_file: /var/lib/edgeplane/ntp.drift
                  discipline: system
                  makestep: { threshold: 1m30s, limit: -1 }
                """);
        Map<String, Object> tree = new ConfigRenderer(ScalarTypes.standard()).render(config);
        @SuppressWarnings("unchecked")
        Map<String, Object> ntp = (Map<String, Object>) tree.get("ntp");
        assertThat(ntp.keySet()).containsExactly("listen", "allow", "deny", "servers", "pools", "local_stratum",
                "local_after_sync", "rate_limit", "drift_file", "discipline", "makestep");
        assertThat(ntp.get("servers").toString()).contains("address=ntp.lan:1123", "address=[2001:db8::123]:1123",
                "address=2001:db8::124,");
        assertThat(ntp.get("makestep")).isEqualTo(Map.of("threshold", "1m30s", "limit", -1));

        String yaml = new ObjectMapper(new YAMLFactory()).writeValueAsString(tree);

        assertThat(loader.parse("rendered.yaml", yaml)).isEqualTo(config);
    }
}
