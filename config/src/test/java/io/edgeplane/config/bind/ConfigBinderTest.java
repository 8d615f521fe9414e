package io.edgeplane.config.bind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.ProblemList;
import io.edgeplane.config.Variables;
import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.DataSize;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.config.value.IpAddresses;
import io.edgeplane.config.yaml.VariableExpander;
import io.edgeplane.config.yaml.YamlNode;
import io.edgeplane.config.yaml.YamlTreeReader;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The binder on records written for the test, so every scalar type and shape is covered. */
class ConfigBinderTest {

    enum Balance { ROUND_ROBIN, LEAST_CONN }

    record Typed(
            @Default("4") int workers,
            @Default("9000000000") long limit,
            @Default("false") boolean enabled,
            @Default("1MiB") DataSize buffer,
            @Default("30s") Duration timeout,
            @Default("round_robin") Balance balance,
            @Default("127.0.0.1:80") HostPort listen,
            Optional<InetAddress> source,
            Optional<String> label,
            List<Cidr> allow,
            Map<String, Integer> weights) {
    }

    record Named(String name, @Default("1") int count) {
    }

    record Outer(Named named) {
    }

    record Defaulted(@Default("3") int retries, Optional<String> note) {
    }

    record Holder(Defaulted inner, @Default("x") String other) {
    }

    record Range(int low, int high) {
        Range {
            if (low > high) {
                throw new IllegalArgumentException("low " + low + " is above high " + high);
            }
        }
    }

    record Ranges(List<Range> ranges) {
    }

    record Pool(List<String> members, @Default("2") int quorum) implements Checked {
        @Override
        public void check(Checks checks) {
            for (int i = 0; i < members.size(); i++) {
                if (members.get(i).isEmpty()) {
                    checks.key("members").index(i).error("member " + i + " is empty");
                }
            }
            checks.key("quorum").require(quorum <= members.size(),
                    "a quorum of " + quorum + " needs " + quorum + " members", "at most the number of members");
        }
    }

    record BadKeys(Map<Integer, String> byNumber) {
    }

    @ScalarForm("path")
    record Source(Optional<String> path, Optional<String> url) {
    }

    record Sources(List<Source> sources) {
    }

    @ScalarForm(value = "on", only = "true", otherwise = "write off alone")
    record Switch(@Default("true") boolean on, @Default("1") int level) {
    }

    record Switches(List<Switch> switches) {
    }

    /** {@code interface} is a Java keyword, so the component carries its key. */
    record Link(@Key("interface") String interfaceName, @Default("1500") int mtu) {
    }

    private final ProblemList problems = new ProblemList("b.yaml");
    private final ConfigBinder binder = new ConfigBinder(ScalarTypes.standard(), problems);

    private <T extends Record> Optional<T> bind(String yaml, Class<T> type) {
        YamlTreeReader reader = new YamlTreeReader(new VariableExpander(Variables.of(Map.of())));
        YamlNode root = reader.read(yaml, problems).orElseThrow();
        return binder.bind(root, type);
    }

    private <T extends Record> T bindValid(String yaml, Class<T> type) {
        Optional<T> bound = bind(yaml, type);
        assertThat(problems()).as("problems").isEmpty();
        return bound.orElseThrow();
    }

    private List<String> problems() {
        return problems.sorted().stream().map(ConfigProblem::toString).toList();
    }

    @Test
    void anEmptyDocumentTakesEveryDefault() throws Exception {
        Typed typed = bindValid("", Typed.class);

        assertThat(typed).isEqualTo(new Typed(4, 9_000_000_000L, false, DataSize.ofKibibytes(1024),
                Duration.ofSeconds(30), Balance.ROUND_ROBIN, HostPort.parse("127.0.0.1:80"),
                Optional.empty(), Optional.empty(), List.of(), Map.of()));
    }

    @Test
    void bindsEveryScalarType() throws Exception {
        Typed typed = bindValid("""
                workers: 16
                limit: 12_000_000_000
                enabled: yes
                buffer: 16KiB
                timeout: 1m30s
                balance: least-conn
                listen: "[::1]:8080"
                source: 192.0.2.1
                label: edge
                allow: [10.0.0.0/8, "2001:db8::/32"]
                weights: {a: 1, b: 2}
                """, Typed.class);

        assertThat(typed.workers()).isEqualTo(16);
        assertThat(typed.limit()).isEqualTo(12_000_000_000L);
        assertThat(typed.enabled()).isTrue();
        assertThat(typed.buffer()).isEqualTo(DataSize.ofKibibytes(16));
        assertThat(typed.timeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(typed.balance()).isEqualTo(Balance.LEAST_CONN);
        assertThat(typed.listen()).isEqualTo(new HostPort("::1", 8080));
        assertThat(typed.source()).contains(IpAddresses.parse("192.0.2.1"));
        assertThat(typed.label()).contains("edge");
        assertThat(typed.allow()).containsExactly(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8::/32"));
        assertThat(typed.weights()).containsExactly(Map.entry("a", 1), Map.entry("b", 2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            true    | true
            yes     | true
            on      | true
            'TRUE'  | true
            false   | false
            no      | false
            off     | false
            Off     | false
            """)
    void booleansTakeTheUsualWords(String word, boolean expected) {
        assertThat(bindValid("enabled: " + word, Typed.class).enabled()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"least_conn", "least-conn", "LEAST_CONN", "Least-Conn"})
    void enumsIgnoreCaseAndTakeDashes(String word) {
        assertThat(bindValid("balance: " + word, Typed.class).balance()).isEqualTo(Balance.LEAST_CONN);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            workers: many           | b.yaml:1:10: workers: 'many' is not a whole number (expected: a whole number)
            workers: 1.5            | b.yaml:1:10: workers: '1.5' is not a whole number (expected: a whole number)
            workers: 3000000000     | b.yaml:1:10: workers: 3000000000 is out of range (expected: a whole number)
            limit: lots             | b.yaml:1:8: limit: 'lots' is not a whole number (expected: a whole number)
            enabled: maybe          | b.yaml:1:10: enabled: 'maybe' is not true or false (expected: true or false)
            buffer: 10              | b.yaml:1:9: buffer: '10' has no unit (expected: a size with a unit, such as 512B, 16KiB, 1MiB, 2GiB or 10MB)
            buffer: 10XB            | b.yaml:1:9: buffer: 'XB' in '10XB' is not a size unit (expected: a size with a unit, such as 512B, 16KiB, 1MiB, 2GiB or 10MB)
            timeout: 30             | b.yaml:1:10: timeout: '30' has no unit after 30 (expected: a duration with a unit, such as 250ms, 5s, 1m30s, 12h or 7d)
            timeout: 30sec          | b.yaml:1:10: timeout: 'sec' in '30sec' is not a time unit (ms, s, m, h, d) (expected: a duration with a unit, such as 250ms, 5s, 1m30s, 12h or 7d)
            balance: random         | b.yaml:1:10: balance: 'random' is not a known choice (expected: one of round_robin, least_conn)
            listen: 127.0.0.1       | b.yaml:1:9: listen: '127.0.0.1' is not host:port (expected: host:port, such as 127.0.0.1:8404, [::1]:53, *:80 or api.internal:8080)
            source: localhost       | b.yaml:1:9: source: 'localhost' is not an IP address (expected: an IPv4 address such as 192.0.2.10 or an IPv6 address such as 2001:db8::1)
            source: 127.1           | b.yaml:1:9: source: '127.1' is not an IP address (expected: an IPv4 address such as 192.0.2.10 or an IPv6 address such as 2001:db8::1)
            allow: 10.0.0.0/40      | b.yaml:1:8: allow[0]: '/40' in '10.0.0.0/40' is not a prefix length of 0..32 (expected: a CIDR block such as 10.0.0.0/8 or 2001:db8::/32, or a single address)
            """)
    void aBadValueSaysWhatIsWrongAndWhatWasExpected(String yaml, String problem) {
        assertThat(bind(yaml, Typed.class)).isEmpty();

        assertThat(problems()).containsExactly(problem);
    }

    @Test
    void aSingleValueWhereAListIsExpectedIsAListOfOne() throws Exception {
        assertThat(bindValid("allow: 10.0.0.0/8", Typed.class).allow()).containsExactly(Cidr.parse("10.0.0.0/8"));
    }

    @Test
    void anEmptyListOrMapValueIsEmpty() {
        Typed typed = bindValid("""
                allow:
                weights:
                """, Typed.class);

        assertThat(typed.allow()).isEmpty();
        assertThat(typed.weights()).isEmpty();
    }

    @Test
    void eachBadListItemIsReportedWithItsIndex() {
        bind("""
                allow:
                  - 10.0.0.0/8
                  - nope
                  - 10.0.0.0/99
                """, Typed.class);

        assertThat(problems()).containsExactly(
                "b.yaml:3:5: allow[1]: 'nope' is not an IP address (expected: " + Cidr.EXPECTED + ")",
                "b.yaml:4:5: allow[2]: '/99' in '10.0.0.0/99' is not a prefix length of 0..32 (expected: " + Cidr.EXPECTED + ")");
    }

    @Test
    void wrongKindsAreNamed() {
        bind("""
                workers: [1, 2]
                listen: {host: a}
                weights: [a, b]
                source:
                """, Typed.class);

        assertThat(problems()).containsExactly(
                "b.yaml:1:10: workers: expected a value, found a list (expected: a whole number)",
                "b.yaml:2:9: listen: expected a value, found a mapping (expected: " + HostPort.EXPECTED + ")",
                "b.yaml:3:10: weights: expected a mapping of names to values, found a list",
                "b.yaml:4:8: source: expected a value, found an empty value (expected: " + IpAddresses.EXPECTED + ")");
    }

    @Test
    void aMapValueIsTypedAndReportedUnderItsName() {
        bind("""
                weights:
                  a: 1
                  b: heavy
                """, Typed.class);

        assertThat(problems()).containsExactly(
                "b.yaml:3:6: weights.b: 'heavy' is not a whole number (expected: a whole number)");
    }

    @Test
    void anEmptyValueForAKeyWithADefaultTakesTheDefault() {
        Typed typed = bindValid("""
                workers:
                timeout: ~
                """, Typed.class);

        assertThat(typed.workers()).isEqualTo(4);
        assertThat(typed.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aMissingRequiredKeyIsReportedAtTheMappingThatLacksIt() {
        Optional<Outer> outer = bind("""
                named:
                  count: 2
                """, Outer.class);

        assertThat(outer).isEmpty();
        assertThat(problems()).containsExactly("b.yaml:2:3: named.name: missing required key 'name'");
    }

    @Test
    void anAbsentRecordWithRequiredKeysIsMissing() {
        bind("", Outer.class);

        assertThat(problems()).containsExactly("b.yaml:1:1: named: missing required key 'named'");
    }

    @Test
    void anAbsentRecordWhoseKeysAllHaveDefaultsIsBuiltFromThem() {
        Holder holder = bindValid("other: y", Holder.class);

        assertThat(holder).isEqualTo(new Holder(new Defaulted(3, Optional.empty()), "y"));
    }

    @Test
    void unknownKeysAreReportedAtTheKeyWithAHint() {
        bind("""
                wrokers: 2
                timeout: 5s
                colour: blue
                """, Typed.class);

        assertThat(problems()).containsExactly(
                "b.yaml:1:1: wrokers: unknown key 'wrokers'; did you mean 'workers'? (expected: one of workers, limit,"
                        + " enabled, buffer, timeout, balance, listen, source, label, allow, weights)",
                "b.yaml:3:1: colour: unknown key 'colour' (expected: one of workers, limit, enabled, buffer, timeout,"
                        + " balance, listen, source, label, allow, weights)");
    }

    @Test
    void aListWhereARecordIsExpectedNamesTheKeys() {
        bind("named: [a]", Outer.class);

        assertThat(problems()).containsExactly(
                "b.yaml:1:8: named: expected a mapping, found a list (expected: keys name, count)");
    }

    @Test
    void aConstructorRefusingValuesIsReportedAtTheRecord() {
        Optional<Ranges> ranges = bind("""
                ranges:
                  - {low: 1, high: 2}
                  - {low: 5, high: 3}
                """, Ranges.class);

        assertThat(ranges).isEmpty();
        assertThat(problems()).containsExactly("b.yaml:3:5: ranges[1]: low 5 is above high 3");
    }

    @Test
    void checksPointAtAListItemOrAtTheRecordWhenTheKeyTookItsDefault() {
        bind("""
                members:
                  - ""
                """, Pool.class);

        assertThat(problems()).containsExactly(
                "b.yaml:1:1: quorum: a quorum of 2 needs 2 members (expected: at most the number of members)",
                "b.yaml:2:5: members[0]: member 0 is empty");
    }

    @Test
    void checksPointAtTheValueOfAKeyThatWasGiven() {
        bind("""
                members: [a]
                quorum: 3
                """, Pool.class);

        assertThat(problems()).containsExactly(
                "b.yaml:2:9: quorum: a quorum of 3 needs 3 members (expected: at most the number of members)");
    }

    @Test
    void checksRunOnlyOnValidRecords() {
        bind("""
                members: [a]
                quorum: lots
                """, Pool.class);

        assertThat(problems()).containsExactly("b.yaml:2:9: quorum: 'lots' is not a whole number (expected: a whole number)");
    }

    @Test
    void aMapKeyedByAnythingButStringIsAProgrammingError() {
        assertThatIllegalStateException()
                .isThrownBy(() -> bind("by_number: {1: a}", BadKeys.class))
                .withMessageContaining("keyed by String");
    }

    @Test
    void aScalarFormRecordTakesAPlainValueAsItsKey() throws Exception {
        Sources sources = bindValid("""
                sources: [/etc/a, { url: "http://b" }, { path: /etc/c }]
                """, Sources.class);

        assertThat(sources.sources()).containsExactly(new Source(Optional.of("/etc/a"), Optional.empty()),
                new Source(Optional.empty(), Optional.of("http://b")), new Source(Optional.of("/etc/c"), Optional.empty()));
    }

    @Test
    void aScalarFormLimitedToSomeValuesRefusesTheOthersWhereWritten() {
        assertThat(bindValid("switches: [true, yes, { on: false }]", Switches.class).switches())
                .containsExactly(new Switch(true, 1), new Switch(true, 1), new Switch(false, 1));

        assertThat(bind("switches: [false, maybe]", Switches.class)).isEmpty();
        assertThat(problems()).containsExactly(
                "b.yaml:1:12: switches[0]: write off alone (expected: true, or a mapping with keys on, level)",
                // A value that does not parse is reported once, as its key's type.
                "b.yaml:1:19: switches[1].on: 'maybe' is not true or false (expected: true or false)");
    }

    @Test
    void aRecordWithoutAScalarFormRefusesAPlainValue() {
        assertThat(bind("named: joe", Outer.class)).isEmpty();
        assertThat(problems()).singleElement().asString().contains("named: expected a mapping, found a value");
    }

    @Test
    void aKeyAnnotationNamesAComponentWhoseNameCannotBeItsKey() {
        assertThat(bindValid("{ interface: eth0 }", Link.class)).isEqualTo(new Link("eth0", 1500));

        assertThat(bind("{ interface_name: eth0 }", Link.class)).isEmpty();
        assertThat(problems()).containsExactly(
                "b.yaml:1:1: interface: missing required key 'interface'",
                "b.yaml:1:3: interface_name: unknown key 'interface_name' (expected: one of interface, mtu)");
        assertThat(new ConfigRenderer(ScalarTypes.standard()).render(new Link("eth1", 9000)))
                .containsExactly(Map.entry("interface", "eth1"), Map.entry("mtu", 9000));
    }
}
