package io.edgeplane.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.Durations;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.config.yaml.Mark;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    private static final String DURATION = "(expected: " + Durations.EXPECTED + ")";
    private static final String HOST_PORT = "(expected: " + HostPort.EXPECTED + ")";
    private static final String CIDR = "(expected: " + Cidr.EXPECTED + ")";

    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of("ADMIN_PASSWORD", "s3cret")));

    private static EdgeplaneConfig parse(ConfigLoader loader, String yaml) {
        try {
            return loader.parse("f.yaml", yaml);
        } catch (InvalidConfigException e) {
            throw new AssertionError("unexpected problems:\n" + e.getMessage(), e);
        }
    }

    private EdgeplaneConfig parse(String yaml) {
        return parse(loader, yaml);
    }

    private static List<String> problems(ConfigLoader loader, String yaml) {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse("f.yaml", yaml));
        assertThat(e).as("an InvalidConfigException").isNotNull();
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }

    private List<String> problems(String yaml) {
        return problems(loader, yaml);
    }

    @Test
    void aFullConfigBindsToTheRightValues() throws Exception {
        EdgeplaneConfig config = parse("""
                node:
                  name: edge-1
                  shutdown_grace: 1m30s
                logging:
                  format: json
                  level: debug
                admin:
                  listen: 0.0.0.0:9000
                  auth:
                    user: admin
                    password: ${ADMIN_PASSWORD}
                  allow:
                    - 10.0.0.0/8
                    - "2001:db8::/32"
                  deny: [10.1.2.3, 10.9.0.0/16]
                """);

        assertThat(config.node()).isEqualTo(new NodeConfig(Optional.of("edge-1"), Duration.ofSeconds(90)));
        assertThat(config.logging()).isEqualTo(new LoggingConfig(LoggingConfig.Format.JSON, LoggingConfig.Level.DEBUG));
        assertThat(config.admin()).contains(new AdminConfig(
                new HostPort("0.0.0.0", 9000),
                Optional.of(new BasicAuth("admin", "s3cret")),
                List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32")),
                List.of(Cidr.parse("10.1.2.3/32"), Cidr.parse("10.9.0.0/16")),
                Optional.empty()));
    }

    @Test
    void anEmptyDocumentGivesEveryDefault() {
        EdgeplaneConfig config = parse("");

        assertThat(config.node().name()).isEmpty();
        assertThat(config.node().shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.logging().format()).isEqualTo(LoggingConfig.Format.TEXT);
        assertThat(config.logging().level()).isEqualTo(LoggingConfig.Level.INFO);
        assertThat(config.admin()).isEmpty();
    }

    @Test
    void aDocumentOfOnlyCommentsOrEmptySectionsGivesTheDefaults() {
        EdgeplaneConfig defaults = parse("");

        assertThat(parse("# nothing yet\n")).isEqualTo(defaults);
        assertThat(parse("""
                node:
                logging: {}
                """)).isEqualTo(defaults);
    }

    @Test
    void anAdminKeyWithNoValueTurnsAdminOnWithDefaults() {
        EdgeplaneConfig config = parse("""
                admin:
                """);

        assertThat(config.admin()).hasValueSatisfying(admin -> {
            assertThat(admin.listen()).isEqualTo(new HostPort("127.0.0.1", 8404));
            assertThat(admin.listen()).hasToString("127.0.0.1:8404");
            assertThat(admin.auth()).isEmpty();
            assertThat(admin.allow()).isEmpty();
            assertThat(admin.deny()).isEmpty();
        });
        assertThat(parse("admin: {}").admin()).isEqualTo(config.admin());
        assertThat(parse("admin: ~").admin()).isEqualTo(config.admin());
    }

    @Test
    void aKeyWithNoValueTakesItsDefault() {
        EdgeplaneConfig config = parse("""
                node:
                  shutdown_grace:
                logging:
                  level:
                """);

        assertThat(config.node().shutdownGrace()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.logging().level()).isEqualTo(LoggingConfig.Level.INFO);
    }

    @Test
    void starListensOnEveryAddress() {
        assertThat(parse("admin: {listen: '*:8404'}").admin().orElseThrow().listen())
                .isEqualTo(new HostPort("0.0.0.0", 8404));
    }

    @Test
    void anUnknownKeyIsReportedAtTheKeyWithTheClosestKnownKey() {
        assertThat(problems("""
                admin:
                  lisen: 127.0.0.1:8404
                """)).containsExactly(
                "f.yaml:2:3: admin.lisen: unknown key 'lisen'; did you mean 'listen'? (expected: one of listen, auth, allow, deny, audit_log)");
    }

    @Test
    void unknownKeysAtEveryLevelAreReported() {
        assertThat(problems("""
                nodes:
                  name: a
                admin:
                  auth:
                    user: a
                    pasword: b
                    password: c
                  shutdown-grace: 5s
                """)).containsExactly(
                "f.yaml:1:1: nodes: unknown key 'nodes'; did you mean 'node'? (expected: one of node, logging, admin, proxy, dns, ntp, vrrp, dhcp, firewall)",
                "f.yaml:6:5: admin.auth.pasword: unknown key 'pasword'; did you mean 'password'? (expected: one of user, password)",
                "f.yaml:8:3: admin.shutdown-grace: unknown key 'shutdown-grace' (expected: one of listen, auth, allow, deny, audit_log)");
    }

    @Test
    void everyMistakeInOneFileIsReportedInFileOrder() {
        assertThat(problems("""
                admin:
                  listen: 127.0.0.1:99999
                  allow: [10.0.0.0/8, 10.0.0.0/33]
                  deny:
                    - 192.168.0.300
                  auth: {user: admin}
                node:
                  name: edge 1
                logging:
                  fromat: json
                  level: loud
                """)).containsExactly(
                "f.yaml:2:11: admin.listen: port 99999 in '127.0.0.1:99999' is above 65535 " + HOST_PORT,
                "f.yaml:3:23: admin.allow[1]: '/33' in '10.0.0.0/33' is not a prefix length of 0..32 " + CIDR,
                "f.yaml:5:7: admin.deny[0]: '192.168.0.300' is not an IP address " + CIDR,
                "f.yaml:6:9: admin.auth.password: missing required key 'password'",
                "f.yaml:8:9: node.name: 'edge 1' is not a node name (expected: a name without spaces, such as edge-1)",
                "f.yaml:10:3: logging.fromat: unknown key 'fromat'; did you mean 'format'? (expected: one of format, level)",
                "f.yaml:11:10: logging.level: 'loud' is not a known choice (expected: one of error, warn, info, debug, trace)");
    }

    @Test
    void theExceptionMessageIsEveryProblemOnItsOwnLine() {
        InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.parse("f.yaml", """
                logging:
                  level: loud
                  format: xml
                """));

        assertThat(e.getMessage()).isEqualTo("""
                f.yaml:2:10: logging.level: 'loud' is not a known choice (expected: one of error, warn, info, debug, trace)
                f.yaml:3:11: logging.format: 'xml' is not a known choice (expected: one of text, json)""");
        assertThat(e.problems()).extracting(ConfigProblem::mark).containsExactly(new Mark(2, 10), new Mark(3, 11));
        assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("logging.level", "logging.format");
    }

    @Test
    void aListWhereAMappingIsExpected() {
        assertThat(problems("""
                node:
                  - name: edge-1
                """)).containsExactly(
                "f.yaml:2:3: node: expected a mapping, found a list (expected: keys name, shutdown_grace)");
    }

    @Test
    void aValueWhereAMappingIsExpected() {
        assertThat(problems("""
                admin: 127.0.0.1:8404
                """)).containsExactly(
                "f.yaml:1:8: admin: expected a mapping, found a value (expected: keys listen, auth, allow, deny, audit_log)");
    }

    @Test
    void aMappingOrAListWhereAValueIsExpected() {
        assertThat(problems("""
                logging:
                  format: {type: json}
                  level: [info]
                admin:
                  listen:
                    host: 127.0.0.1
                    port: 8404
                """)).containsExactly(
                "f.yaml:2:11: logging.format: expected a value, found a mapping (expected: one of text, json)",
                "f.yaml:3:10: logging.level: expected a value, found a list (expected: one of error, warn, info, debug, trace)",
                "f.yaml:6:5: admin.listen: expected a value, found a mapping " + HOST_PORT);
    }

    @Test
    void aRootThatIsNotAMapping() {
        assertThat(problems("just text")).containsExactly(
                "f.yaml:1:1: expected a mapping, found a value (expected: keys node, logging, admin, proxy, dns, ntp, vrrp, dhcp, firewall)");
    }

    @Test
    void badDurationsAndHostPorts() {
        assertThat(problems("""
                node:
                  shutdown_grace: 30
                admin:
                  listen: localhost
                """)).containsExactly(
                "f.yaml:2:19: node.shutdown_grace: '30' has no unit after 30 " + DURATION,
                "f.yaml:4:11: admin.listen: 'localhost' is not host:port " + HOST_PORT);
    }

    @Test
    void anEmptyNodeNameIsAMissingValue() {
        assertThat(problems("""
                node:
                  name:
                """)).containsExactly("f.yaml:2:8: node.name: expected a value, found an empty value (expected: a string)");
    }

    @Test
    void basicAuthWithoutAPasswordPointsAtTheAuthMapping() {
        assertThat(problems("""
                admin:
                  auth:
                    user: admin
                """)).containsExactly("f.yaml:3:5: admin.auth.password: missing required key 'password'");
    }

    @Test
    void anEmptyAuthSectionMissesBothKeys() {
        assertThat(problems("""
                admin:
                  auth:
                """)).containsExactly(
                "f.yaml:2:8: admin.auth.user: missing required key 'user'",
                "f.yaml:2:8: admin.auth.password: missing required key 'password'");
    }

    @Nested
    class Rules {

        @Test
        void anEmptyUserAndPassword() {
            assertThat(problems("""
                    admin:
                      auth:
                        user: ""
                        password: ''
                    """)).containsExactly(
                    "f.yaml:3:11: admin.auth.user: the user name is empty (expected: a non-empty name without ':' (RFC 7617))",
                    "f.yaml:4:15: admin.auth.password: the password is empty (expected: a non-empty password)");
        }

        @Test
        void aUserContainingAColon() {
            assertThat(problems("""
                    admin:
                      auth: {user: "ad:min", password: pw}
                    """)).containsExactly(
                    "f.yaml:2:16: admin.auth.user: the user name 'ad:min' contains ':' (expected: a non-empty name without ':' (RFC 7617))");
        }

        @Test
        void aPasswordMayContainAColon() {
            assertThat(parse("admin: {auth: {user: admin, password: 'a:b'}}").admin().orElseThrow().auth())
                    .contains(new BasicAuth("admin", "a:b"));
        }

        @Test
        void theAdminListenerGivenAsAHostName() {
            assertThat(problems("""
                    admin:
                      listen: Admin.Internal:8404
                    """)).containsExactly("f.yaml:2:11: admin.listen: the admin listener binds an address, not the name"
                    + " 'admin.internal' (expected: an IP address such as 127.0.0.1:8404 or 0.0.0.0:8404)");
        }

        @Test
        void aNodeNameWithSpaces() {
            assertThat(problems("""
                    node:
                      name: "edge 1"
                    """)).containsExactly(
                    "f.yaml:2:9: node.name: 'edge 1' is not a node name (expected: a name without spaces, such as edge-1)");
            assertThat(problems("node: {name: \"edge\\t1\"}")).hasSize(1);
            assertThat(problems("node: {name: ''}")).containsExactly(
                    "f.yaml:1:14: node.name: '' is not a node name (expected: a name without spaces, such as edge-1)");
        }

        @Test
        void aShutdownGraceOverTenMinutes() {
            assertThat(problems("""
                    node:
                      shutdown_grace: 11m
                    """)).containsExactly("f.yaml:2:19: node.shutdown_grace: a shutdown grace of 11m is longer than"
                    + " any supervisor waits (expected: at most 10m)");
            assertThat(problems("node: {shutdown_grace: 10m500ms}")).containsExactly("f.yaml:1:24: node.shutdown_grace:"
                    + " a shutdown grace of 10m500ms is longer than any supervisor waits (expected: at most 10m)");
        }

        @Test
        void aShutdownGraceOfExactlyTenMinutesOrZeroIsFine() {
            assertThat(parse("node: {shutdown_grace: 10m}").node().shutdownGrace()).isEqualTo(Duration.ofMinutes(10));
            assertThat(parse("node: {shutdown_grace: 0}").node().shutdownGrace()).isZero();
        }
    }

    @Test
    void aDuplicateKeyIsReportedWithTheLineOfTheFirst() {
        assertThat(problems("""
                admin:
                  listen: 127.0.0.1:8404
                  allow: [10.0.0.0/8]
                  listen: 0.0.0.0:8404
                """)).containsExactly("f.yaml:4:3: admin.listen: duplicate key 'listen' (first given at line 2)"
                + " (expected: each key once per mapping)");
    }

    @Test
    void aDuplicateSectionIsReported() {
        assertThat(problems("""
                node: {name: a}
                logging: {level: warn}
                node: {name: b}
                """)).containsExactly("f.yaml:3:1: node: duplicate key 'node' (first given at line 1)"
                + " (expected: each key once per mapping)");
    }

    @Test
    void invalidYamlIsReportedWithAPosition() {
        assertThat(problems("""
                node:
                  name: edge-1
                 logging: {}
                """)).containsExactly("f.yaml:3:2: not valid YAML: expected <block end>, but found '<block mapping start>',"
                + " while parsing a block mapping at 1:1");
        assertThat(problems("""
                admin:
                  listen: "127.0.0.1:8404
                """)).containsExactly("f.yaml:3:1: not valid YAML: found unexpected end of stream,"
                + " while scanning a quoted scalar at 2:11");
    }

    @Test
    void aSecondDocumentIsRejected() {
        assertThat(problems("""
                node: {name: a}
                ---
                node: {name: b}
                """)).containsExactly("f.yaml:3:1: a config file holds one YAML document; found another after '---'");
    }

    @Nested
    class FromFiles {

        @TempDir
        Path dir;

        @Test
        void loadsAFile() throws Exception {
            Path file = dir.resolve("edgeplane.yaml");
            Files.writeString(file, """
                    node:
                      name: édge-1
                    admin:
                    """, StandardCharsets.UTF_8);

            EdgeplaneConfig config = loader.load(file);

            assertThat(config.node().name()).contains("édge-1");
            assertThat(config.admin()).isPresent();
        }

        @Test
        void problemsNameTheFileAsGiven() throws Exception {
            Path file = dir.resolve("bad.yaml");
            Files.writeString(file, "admin:\n  lisen: x\n");

            assertThatThrownBy(() -> loader.load(file))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageStartingWith(file + ":2:3: admin.lisen: unknown key 'lisen'");
        }

        @Test
        void aFileThatDoesNotExist() {
            Path file = dir.resolve("missing.yaml");

            InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.load(file));

            assertThat(e.problems()).singleElement().hasToString(file + ":1:1: no such file");
            assertThat(e.problems().getFirst().mark()).isEqualTo(Mark.START);
        }

        @Test
        void aFileThatIsNotUtf8() throws Exception {
            Path file = dir.resolve("latin1.yaml");
            Files.write(file, "node:\n  name: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

            InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.load(file));

            assertThat(e.problems()).singleElement().hasToString(file + ":1:1: the file is not UTF-8 text");
        }

        @Test
        void aDirectoryIsNotAFileToRead() {
            InvalidConfigException e = catchThrowableOfType(InvalidConfigException.class, () -> loader.load(dir));

            assertThat(e.problems()).singleElement()
                    .satisfies(p -> assertThat(p.toString()).startsWith(dir + ":1:1: cannot read the file: "));
        }
    }

    @Nested
    class Expansion {

        private final ConfigLoader withEnv = new ConfigLoader(Variables.of(Map.of(
                "ADMIN_PASSWORD", "pw from env",
                "ADMIN_PORT", "9000",
                "NODE_NAME", "",
                "LEVEL", "warn")));

        @Test
        void aSetVariableIsSubstituted() {
            EdgeplaneConfig config = parse(withEnv, """
                    logging:
                      level: ${LEVEL}
                    admin:
                      listen: 127.0.0.1:${ADMIN_PORT}
                      auth:
                        user: admin
                        password: ${ADMIN_PASSWORD}
                    """);

            assertThat(config.logging().level()).isEqualTo(LoggingConfig.Level.WARN);
            assertThat(config.admin().orElseThrow().listen()).isEqualTo(new HostPort("127.0.0.1", 9000));
            assertThat(config.admin().orElseThrow().auth()).contains(new BasicAuth("admin", "pw from env"));
        }

        @Test
        void insideAFlowMapping() {
            String yaml = """
                    admin:
                      auth: { user: admin, password: "${ADMIN_PASSWORD:-x}" }
                    """;

            assertThat(parse(withEnv, yaml).admin().orElseThrow().auth()).contains(new BasicAuth("admin", "pw from env"));
            assertThat(parse(new ConfigLoader(Variables.of(Map.of())), yaml).admin().orElseThrow().auth())
                    .contains(new BasicAuth("admin", "x"));
        }

        @Test
        void anUnsetVariableTakesItsDefault() {
            assertThat(parse(withEnv, "node: {shutdown_grace: '${GRACE:-30s}'}").node().shutdownGrace())
                    .isEqualTo(Duration.ofSeconds(30));
            assertThat(parse(withEnv, "node: {shutdown_grace: '${GRACE-45s}'}").node().shutdownGrace())
                    .isEqualTo(Duration.ofSeconds(45));
        }

        @Test
        void aSetButEmptyVariableTakesTheDefaultOnlyWithColonDash() {
            assertThat(parse(withEnv, "node: {name: '${NODE_NAME:-edge-1}'}").node().name()).contains("edge-1");
            assertThat(problems(withEnv, "node: {name: '${NODE_NAME-edge-1}'}")).containsExactly(
                    "f.yaml:1:14: node.name: '' is not a node name (expected: a name without spaces, such as edge-1)");
        }

        @Test
        void anUnsetVariableWithoutADefaultIsReportedAtTheValue() {
            assertThat(problems(withEnv, """
                    admin:
                      auth:
                        user: admin
                        password: ${ADMIN_PASSWROD}
                    """)).containsExactly(
                    "f.yaml:4:15: admin.auth.password: environment variable ADMIN_PASSWROD is not set"
                            + " (expected: set ADMIN_PASSWROD, or give a default as ${ADMIN_PASSWROD:-value})");
        }

        @Test
        void anUnsetVariableFailsTheLoadEvenWhereAnyTextWouldDo() {
            // A node name accepts the raw "${NODE_ID}", so the expansion problem alone must fail the load.
            assertThat(problems(withEnv, "node: {name: '${NODE_ID}'}")).containsExactly(
                    "f.yaml:1:14: node.name: environment variable NODE_ID is not set"
                            + " (expected: set NODE_ID, or give a default as ${NODE_ID:-value})");
        }

        @Test
        void dollarDollarBraceIsALiteralAndABareDollarNameIsLeftAlone() {
            assertThat(parse(withEnv, "node: {name: '$${NODE_NAME}'}").node().name()).contains("${NODE_NAME}");
            assertThat(parse(withEnv, "node: {name: $host-$server_port}").node().name()).contains("$host-$server_port");
        }

        @Test
        void anUnterminatedReferenceOrABadNameIsReported() {
            assertThat(problems(withEnv, "node: {name: '${NODE_NAME'}")).containsExactly(
                    "f.yaml:1:14: node.name: unterminated variable reference in '${NODE_NAME'"
                            + " (expected: ${NAME}, ${NAME:-default} or $${ for a literal ${)");
            assertThat(problems(withEnv, "node: {name: '${9LIVES}'}")).containsExactly(
                    "f.yaml:1:14: node.name: '${9LIVES}' does not name an environment variable"
                            + " (expected: ${NAME}, ${NAME:-default} or $${ for a literal ${)");
        }
    }

    @Nested
    class AnchorsAndMerges {

        @Test
        void anAliasReusesAnAnchoredList() throws Exception {
            AdminConfig admin = parse("""
                    admin:
                      allow: &office [192.0.2.0/24, 198.51.100.7]
                      deny: *office
                    """).admin().orElseThrow();

            assertThat(admin.allow()).containsExactly(Cidr.parse("192.0.2.0/24"), Cidr.parse("198.51.100.7/32"));
            assertThat(admin.deny()).isEqualTo(admin.allow());
        }

        @Test
        void anAliasReusesAnAnchoredValue() throws Exception {
            AdminConfig admin = parse("""
                    admin:
                      allow: &office 192.0.2.0/24
                      deny: [10.0.0.0/8, *office]
                    """).admin().orElseThrow();

            assertThat(admin.allow()).containsExactly(Cidr.parse("192.0.2.0/24"));
            assertThat(admin.deny()).containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("192.0.2.0/24"));
        }

        @Test
        void aMergeKeyFillsInKeysAndExplicitKeysOverrideThem() throws Exception {
            AdminConfig admin = parse("""
                    admin:
                      <<: {listen: "0.0.0.0:9000", allow: [10.0.0.0/8]}
                      listen: 127.0.0.1:9001
                    """).admin().orElseThrow();

            assertThat(admin.listen()).isEqualTo(new HostPort("127.0.0.1", 9001));
            assertThat(admin.allow()).containsExactly(Cidr.parse("10.0.0.0/8"));
        }

        @Test
        void anAliasToAnUndefinedAnchorIsAProblem() {
            assertThat(problems("""
                    admin:
                      allow: *office
                    """)).containsExactly("f.yaml:2:10: admin.allow: alias *office refers to no anchor defined before it"
                    + " (expected: an anchor &office earlier in the file)");
        }
    }
}
