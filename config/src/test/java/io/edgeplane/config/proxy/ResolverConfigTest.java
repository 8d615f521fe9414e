package io.edgeplane.config.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.config.bind.ConfigRenderer;
import io.edgeplane.config.bind.ScalarTypes;
import io.edgeplane.config.value.HostPort;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code proxy.resolver}: binding, defaults and the rules on its values. */
class ResolverConfigTest {

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    private ProxyConfig proxy(String yaml) {
        try {
            return loader.parse("f.yaml", yaml).proxy().orElseThrow();
        } catch (InvalidConfigException e) {
            throw new AssertionError("unexpected problems:\n" + e.getMessage(), e);
        }
    }

    private List<String> problems(String yaml) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse("f.yaml", yaml));
        assertThat(e).as("an InvalidConfigException").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void withoutAResolverSectionTheSystemServersAndTheRecordsTtlApply() {
        ResolverConfig resolver = proxy("proxy: {}").resolver();

        assertThat(resolver).isEqualTo(ResolverConfig.defaults());
        assertThat(resolver.servers()).isEmpty();
        assertThat(resolver.valid()).isEmpty();
        assertThat(resolver.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(proxy("""
                proxy:
                  resolver:
                """).resolver()).isEqualTo(ResolverConfig.defaults());
    }

    @Test
    void aFullSectionBinds() {
        ResolverConfig resolver = proxy("""
                proxy:
                  resolver:
                    servers: [127.0.0.11:53, "[::1]:5353"]
                    valid: 30s
                    timeout: 2s
                """).resolver();

        assertThat(resolver).isEqualTo(new ResolverConfig(
                List.of(new HostPort("127.0.0.11", 53), new HostPort("::1", 5353)),
                Optional.of(Duration.ofSeconds(30)), Duration.ofSeconds(2)));
    }

    @Test
    void oneServerIsAListOfOne() {
        assertThat(proxy("proxy: { resolver: { servers: 10.0.0.2:53 } }").resolver().servers())
                .containsExactly(new HostPort("10.0.0.2", 53));
    }

    @Test
    void nameServersAreAddressesWithAPort() {
        assertThat(problems("""
                proxy:
                  resolver:
                    servers: [dns.internal:53, 127.0.0.1:0]
                """)).containsExactly(
                "f.yaml:3:15: proxy.resolver.servers[0]: a name server is given by its address, not the name 'dns.internal' "
                        + "(expected: an IP address and port such as 127.0.0.11:53)",
                "f.yaml:3:32: proxy.resolver.servers[1]: a name server needs a port other than 0 (expected: such as 127.0.0.11:53)");
        // The port is not optional: nginx's `resolver 127.0.0.11` is written 127.0.0.11:53 here.
        assertThat(problems("proxy: { resolver: { servers: [127.0.0.1] } }")).containsExactly(
                "f.yaml:1:32: proxy.resolver.servers[0]: '127.0.0.1' is not host:port (expected: " + HostPort.EXPECTED + ")");
    }

    @Test
    void validAndTimeoutAreBounded() {
        assertThat(problems("""
                proxy:
                  resolver:
                    valid: 500ms
                    timeout: 0
                """)).containsExactly(
                "f.yaml:3:12: proxy.resolver.valid: valid must be between 1s and 1h (expected: such as 30s)",
                "f.yaml:4:14: proxy.resolver.timeout: timeout must be above 0 and at most 1m (expected: such as 5s)");
        assertThat(problems("proxy: { resolver: { valid: 2h, timeout: 2m } }")).hasSize(2);
        assertThat(proxy("proxy: { resolver: { valid: 1s } }").resolver().valid()).contains(Duration.ofSeconds(1));
        assertThat(proxy("proxy: { resolver: { valid: 1h } }").resolver().valid()).contains(Duration.ofHours(1));
    }

    @Test
    void aMisspeltKeyIsReportedWithTheKnownOnes() {
        assertThat(problems("""
                proxy:
                  resolver:
                    vaild: 30s
                """)).containsExactly(
                "f.yaml:3:5: proxy.resolver.vaild: unknown key 'vaild'; did you mean 'valid'? "
                        + "(expected: one of servers, valid, timeout)");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRunningConfigShowsEveryResolverKey() throws InvalidConfigException {
        EdgeplaneConfig config = loader.parse("f.yaml", "proxy: { resolver: { valid: 30s } }");

        Map<String, Object> proxy = (Map<String, Object>) new ConfigRenderer(ScalarTypes.standard()).render(config).get("proxy");
        assertThat((Map<String, Object>) proxy.get("resolver"))
                .containsEntry("servers", List.of())
                .containsEntry("valid", "30s")
                .containsEntry("timeout", "5s");
    }
}
