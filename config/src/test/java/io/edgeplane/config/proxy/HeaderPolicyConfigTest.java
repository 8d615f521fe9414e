package io.edgeplane.config.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code proxy.header_policies}, the built-in {@code security} policy, and {@code headers: { use: [...] }} (or
 * {@code headers: name}) on listeners and routes.
 */
class HeaderPolicyConfigTest {

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
    void securityIsBuiltInWithTheSeedsSixHeaders() {
        ProxyConfig proxy = proxy("""
                proxy:
                  listeners:
                    - name: public_https
                      listen: [127.0.0.1:0]
                      headers: { use: [security] }
                      routes: [{ respond: {} }]
                """);
        assertThat(proxy.headerPolicies()).as("nothing defined").isEmpty();
        List<HeaderPolicyConfig> edits = proxy.headerEdits(proxy.listeners().getFirst().headers());
        assertThat(edits).hasSize(2);
        HeaderPolicyConfig security = edits.getFirst();
        assertThat(security.request().isEmpty()).isTrue();
        assertThat(security.response().remove()).isEmpty();
        assertThat(security.response().add()).isEmpty();
        // The seed's HAProxy public_https frontend, http-response set-header, value for value.
        assertThat(security.response().set()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains; preload",
                "X-Frame-Options", "DENY",
                "X-Content-Type-Options", "nosniff",
                "X-XSS-Protection", "1; mode=block",
                "Referrer-Policy", "strict-origin-when-cross-origin",
                "Permissions-Policy", "geolocation=(), microphone=(), camera=()"));
        assertThat(edits.get(1).request().isEmpty() && edits.get(1).response().isEmpty()).as("no edits of its own").isTrue();
    }

    @Test
    void aPlainValueIsOnePolicy() {
        ProxyConfig proxy = proxy("""
                proxy:
                  listeners:
                    - name: web
                      listen: [127.0.0.1:0]
                      headers: security
                      routes:
                        - { headers: cors, respond: {} }
                        - { headers: { use: cors }, respond: {} }
                  header_policies:
                    cors: { response: { set: { Access-Control-Allow-Origin: "*" } } }
                """);
        ListenerConfig listener = proxy.listeners().getFirst();
        assertThat(listener.headers()).isEqualTo(new HeadersConfig(List.of("security"), HeaderEditsConfig.NONE, HeaderEditsConfig.NONE));
        assertThat(listener.routes()).extracting(route -> route.headers().use()).containsExactly(List.of("cors"), List.of("cors"));
    }

    @Test
    void policiesRunInTheOrderNamedAndThenTheBlocksOwnEdits() {
        ProxyConfig proxy = proxy("""
                proxy:
                  header_policies:
                    cors: { response: { set: { Access-Control-Allow-Origin: "*" } } }
                    trace: { request: { add: { X-Trace: "$node_name" } } }
                  listeners:
                    - name: web
                      listen: [127.0.0.1:0]
                      routes:
                        - headers:
                            use: [trace, security, cors]
                            response: { set: { X-Frame-Options: SAMEORIGIN } }
                          respond: {}
                """);
        HeadersConfig headers = proxy.listeners().getFirst().routes().getFirst().headers();
        assertThat(proxy.headerEdits(headers)).containsExactly(proxy.headerPolicies().get("trace"), HeaderPolicyConfig.SECURITY,
                proxy.headerPolicies().get("cors"), new HeaderPolicyConfig(HeaderEditsConfig.NONE,
                        new HeaderEditsConfig(List.of(), Map.of("X-Frame-Options", "SAMEORIGIN"), Map.of())));
    }

    @Test
    void aDefinedPolicyReplacesTheBuiltInOfTheSameName() {
        ProxyConfig proxy = proxy("""
                proxy:
                  header_policies:
                    security:                       # HSTS without preload, the rest left out
                      response: { set: { Strict-Transport-Security: "max-age=63072000" } }
                  listeners:
                    - { name: web, listen: [127.0.0.1:0], headers: security, routes: [{ respond: {} }] }
                """);
        HeaderPolicyConfig defined = new HeaderPolicyConfig(HeaderEditsConfig.NONE,
                new HeaderEditsConfig(List.of(), Map.of("Strict-Transport-Security", "max-age=63072000"), Map.of()));
        assertThat(proxy.headerPolicy("security")).hasValue(defined);
        assertThat(proxy.headerEdits(proxy.listeners().getFirst().headers()).getFirst()).isEqualTo(defined);
    }

    @Test
    void unknownAndRepeatedNamesAreErrorsAtTheName() {
        assertThat(problems("""
                proxy:
                  header_policies:
                    cors: { response: { set: { Access-Control-Allow-Origin: "*" } } }
                  listeners:
                    - name: web
                      listen: [127.0.0.1:0]
                      headers: { use: [security, securty, cors, cors] }
                      routes:
                        - { headers: nope, respond: {} }
                        - { headers: { use: [security] }, respond: {} }
                        - { headers: { use: [Security], response: { set: { X-A: a } } }, respond: {} }
                """)).containsExactly(
                "f.yaml:7:34: proxy.listeners[0].headers.use[1]: no header policy is named 'securty' "
                        + "(expected: one of cors, security)",
                "f.yaml:7:49: proxy.listeners[0].headers.use[3]: header policy 'cors' is named twice here "
                        + "(expected: each policy once, on the listener or on its route)",
                "f.yaml:9:22: proxy.listeners[0].routes[0].headers.use[0]: no header policy is named 'nope' "
                        + "(expected: one of cors, security)",
                "f.yaml:10:30: proxy.listeners[0].routes[1].headers.use[0]: header policy 'security' is already used by this "
                        + "listener, whose edits run before the route's (expected: each policy once, on the listener or on its route)",
                "f.yaml:11:30: proxy.listeners[0].routes[2].headers.use[0]: no header policy is named 'Security' "
                        + "(expected: one of cors, security)");
    }

    @Test
    void policiesAreCheckedAsAnyHeaderEditsAndDoNotUseOtherPolicies() {
        assertThat(problems("""
                proxy:
                  header_policies:
                    framing: { response: { set: { Content-Length: "0" } }, request: { remove: [Connection] } }
                    nested: { use: [security] }
                    "bad name": {}
                    vars: { response: { add: { X-Node: "$nodename" } } }
                  listeners:
                    - { name: web, listen: [127.0.0.1:0], headers: framing, routes: [{ respond: {} }] }
                """)).containsExactly(
                "f.yaml:3:51: proxy.header_policies.framing.response.set.Content-Length: 'Content-Length' frames the message "
                        + "and is set by edgeplane itself (expected: " + HeaderNames.NOT_FRAMING + ")",
                "f.yaml:3:80: proxy.header_policies.framing.request.remove[0]: 'Connection' frames the message "
                        + "and is set by edgeplane itself (expected: " + HeaderNames.NOT_FRAMING + ")",
                "f.yaml:4:15: proxy.header_policies.nested.use: unknown key 'use' (expected: one of request, response)",
                "f.yaml:5:17: proxy.header_policies.bad name: 'bad name' is not a header policy name "
                        + "(expected: letters, digits, '_', '-' and '.')",
                "f.yaml:6:40: proxy.header_policies.vars.response.add.X-Node: unknown variable $nodename "
                        + "(write $$ for a literal $) (expected: " + RequestVariables.EXPECTED + ")");
    }

    @Test
    void resolvingANameTheConfigDoesNotHaveFailsLoudly() {
        ProxyConfig proxy = proxy("""
                proxy:
                  listeners: [{ name: web, listen: [127.0.0.1:0], routes: [{ respond: {} }] }]
                """);
        assertThatThrownBy(() -> proxy.headerEdits(new HeadersConfig(List.of("cors"), HeaderEditsConfig.NONE, HeaderEditsConfig.NONE)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'cors'").hasMessageContaining("security");
    }
}
