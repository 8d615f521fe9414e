package io.edgeplane.config.yaml;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.ProblemList;
import io.edgeplane.config.Variables;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class YamlTreeReaderTest {

    private final ProblemList problems = new ProblemList("t.yaml");
    private final YamlTreeReader reader =
            new YamlTreeReader(new VariableExpander(Variables.of(Map.of("UPSTREAM", "10.0.0.7"))));

    private YamlNode read(String text) {
        Optional<YamlNode> root = reader.read(text, problems);
        assertThat(problems()).as("problems").isEmpty();
        assertThat(root).isPresent();
        return root.get();
    }

    private List<String> problems() {
        return problems.sorted().stream().map(ConfigProblem::toString).toList();
    }

    private static YamlNode.Mapping mapping(YamlNode node) {
        assertThat(node).isInstanceOf(YamlNode.Mapping.class);
        return (YamlNode.Mapping) node;
    }

    private static YamlNode.Entry entry(YamlNode node, String key) {
        return mapping(node).entry(key).orElseThrow(() -> new AssertionError("no key " + key));
    }

    private static YamlNode value(YamlNode node, String key) {
        return entry(node, key).value();
    }

    private static String keys(YamlNode node) {
        return String.join(",", mapping(node).entries().stream().map(YamlNode.Entry::key).toList());
    }

    @Test
    void readsMappingsListsAndScalarsWithTheirPositions() {
        YamlNode root = read("""
                admin:
                  listen: 127.0.0.1:8404
                  allow:
                    - 10.0.0.0/8
                    - 192.168.0.0/16
                  deny: [172.16.0.0/12]
                """);

        YamlNode.Entry admin = entry(root, "admin");
        assertThat(admin.keyMark()).isEqualTo(new Mark(1, 1));
        assertThat(keys(admin.value())).isEqualTo("listen,allow,deny");

        YamlNode.Entry listen = entry(admin.value(), "listen");
        assertThat(listen.keyMark()).isEqualTo(new Mark(2, 3));
        assertThat(listen.value()).isEqualTo(new YamlNode.Scalar("127.0.0.1:8404", new Mark(2, 11)));

        YamlNode allow = value(admin.value(), "allow");
        assertThat(allow).isInstanceOf(YamlNode.Sequence.class);
        assertThat(((YamlNode.Sequence) allow).items()).containsExactly(
                new YamlNode.Scalar("10.0.0.0/8", new Mark(4, 7)),
                new YamlNode.Scalar("192.168.0.0/16", new Mark(5, 7)));

        YamlNode deny = value(admin.value(), "deny");
        assertThat(deny.mark()).isEqualTo(new Mark(6, 9));
        assertThat(((YamlNode.Sequence) deny).items())
                .containsExactly(new YamlNode.Scalar("172.16.0.0/12", new Mark(6, 10)));
    }

    @Test
    void anEmptyDocumentIsANullAtTheStart() {
        assertThat(read("")).isEqualTo(new YamlNode.Null(Mark.START));
        assertThat(read("# only a comment\n\n")).isEqualTo(new YamlNode.Null(Mark.START));
    }

    @Test
    void anEmptyValueAndExplicitNullsAreNullNodesButQuotedEmptyIsAValue() {
        YamlNode root = read("""
                a:
                b: ~
                c: null
                d: ""
                e: ''
                """);

        assertThat(value(root, "a")).isEqualTo(new YamlNode.Null(new Mark(1, 3)));
        assertThat(value(root, "b")).isInstanceOf(YamlNode.Null.class);
        assertThat(value(root, "c")).isInstanceOf(YamlNode.Null.class);
        assertThat(value(root, "d")).isEqualTo(new YamlNode.Scalar("", new Mark(4, 4)));
        assertThat(value(root, "e")).isEqualTo(new YamlNode.Scalar("", new Mark(5, 4)));
    }

    @Test
    void numbersAndBooleansStayTextForTheBinderToType() {
        YamlNode root = read("""
                port: 8080
                on: yes
                ratio: 0.5
                flag: true
                """);

        assertThat(value(root, "port")).isEqualTo(new YamlNode.Scalar("8080", new Mark(1, 7)));
        assertThat(((YamlNode.Scalar) value(root, "on")).text()).isEqualTo("yes");
        assertThat(((YamlNode.Scalar) value(root, "ratio")).text()).isEqualTo("0.5");
        assertThat(((YamlNode.Scalar) value(root, "flag")).text()).isEqualTo("true");
    }

    @Test
    void kindNamesReadAsInAnError() {
        YamlNode root = read("""
                m: {}
                s: []
                v: x
                n:
                """);

        assertThat(value(root, "m").kindName()).isEqualTo("a mapping");
        assertThat(value(root, "s").kindName()).isEqualTo("a list");
        assertThat(value(root, "v").kindName()).isEqualTo("a value");
        assertThat(value(root, "n").kindName()).isEqualTo("an empty value");
    }

    @Test
    void anAliasIsTheAnchoredNodeItself() {
        YamlNode root = read("""
                nets: &nets
                  - 10.0.0.0/8
                  - 192.168.0.0/16
                auth: &auth {user: admin, password: x}
                port: &port 8404
                allow: *nets
                login: *auth
                listen: *port
                """);

        assertThat(value(root, "allow")).isSameAs(value(root, "nets"));
        assertThat(value(root, "login")).isSameAs(value(root, "auth"));
        assertThat(value(root, "listen")).isEqualTo(new YamlNode.Scalar("8404", new Mark(5, 7)));
    }

    @Test
    void anchoredValuesCanBeAliasedInsideLists() {
        // Jackson alone drops the anchor of a plain value; the reader must still know it.
        YamlNode root = read("""
                primary: &p 10.0.0.1
                hosts: [*p, &s 10.0.0.2, *s]
                none: &nothing ~
                again: *nothing
                """);

        YamlNode.Sequence hosts = (YamlNode.Sequence) value(root, "hosts");
        assertThat(hosts.items()).extracting(node -> ((YamlNode.Scalar) node).text())
                .containsExactly("10.0.0.1", "10.0.0.2", "10.0.0.2");
        assertThat(value(root, "again")).isSameAs(value(root, "none")).isInstanceOf(YamlNode.Null.class);
    }

    @Test
    void aMergeOfAnAliasedValueIsAProblem() {
        reader.read("""
                port: &port 8404
                admin:
                  <<: *port
                """, problems);

        assertThat(problems()).containsExactly(
                "t.yaml:1:7: admin.<<: a merge key takes a value (expected: a mapping or an alias of one, such as <<: *defaults)");
    }

    @Test
    void mergeKeysAddTheMergedKeysAndExplicitKeysWin() {
        YamlNode root = read("""
                base: &base
                  listen: 127.0.0.1:8404
                  allow: [10.0.0.0/8]
                admin:
                  <<: *base
                  listen: 0.0.0.0:9000
                """);

        YamlNode admin = value(root, "admin");
        assertThat(keys(admin)).isEqualTo("listen,allow");
        assertThat(((YamlNode.Scalar) value(admin, "listen")).text()).isEqualTo("0.0.0.0:9000");
        assertThat(value(admin, "allow")).isSameAs(value(value(root, "base"), "allow"));
    }

    @Test
    void explicitKeysWinEvenWhenWrittenBeforeTheMergeKey() {
        YamlNode root = read("""
                base: &base {listen: 127.0.0.1:8404, deny: [10.0.0.0/8]}
                admin:
                  listen: 0.0.0.0:9000
                  <<: *base
                """);

        YamlNode admin = value(root, "admin");
        assertThat(keys(admin)).isEqualTo("listen,deny");
        assertThat(((YamlNode.Scalar) value(admin, "listen")).text()).isEqualTo("0.0.0.0:9000");
    }

    @Test
    void aListOfMergedMappingsGivesTheFirstOneThatHasAKey() {
        YamlNode root = read("""
                a: &a {x: from-a}
                b: &b {x: from-b, y: from-b}
                c:
                  <<: [*a, *b]
                  z: own
                """);

        YamlNode c = value(root, "c");
        assertThat(keys(c)).isEqualTo("z,x,y");
        assertThat(((YamlNode.Scalar) value(c, "x")).text()).isEqualTo("from-a");
        assertThat(((YamlNode.Scalar) value(c, "y")).text()).isEqualTo("from-b");
    }

    @Test
    void aMergeKeyThatIsNotAMappingIsAProblem() {
        Optional<YamlNode> root = reader.read("""
                admin:
                  <<: just-a-value
                """, problems);

        assertThat(root).isPresent();
        assertThat(problems()).containsExactly(
                "t.yaml:2:7: admin.<<: a merge key takes a value (expected: a mapping or an alias of one, such as <<: *defaults)");
    }

    @Test
    void anAliasToAnUndefinedAnchorIsAProblemAtTheAlias() {
        reader.read("""
                admin:
                  allow: *nets
                """, problems);

        assertThat(problems()).containsExactly(
                "t.yaml:2:10: admin.allow: alias *nets refers to no anchor defined before it (expected: an anchor &nets earlier in the file)");
    }

    @Test
    void anAliasBeforeItsAnchorIsAProblem() {
        reader.read("""
                deny: *nets
                allow: &nets [10.0.0.0/8]
                """, problems);

        assertThat(problems()).containsExactly(
                "t.yaml:1:7: deny: alias *nets refers to no anchor defined before it (expected: an anchor &nets earlier in the file)");
    }

    @Test
    void aDuplicateKeyIsReportedAtTheSecondWithTheLineOfTheFirstAndTheFirstIsKept() {
        Optional<YamlNode> root = reader.read("""
                node:
                  name: edge-1
                  shutdown_grace: 5s
                  name: edge-2
                """, problems);

        assertThat(problems()).containsExactly(
                "t.yaml:4:3: node.name: duplicate key 'name' (first given at line 2) (expected: each key once per mapping)");
        assertThat(((YamlNode.Scalar) value(value(root.orElseThrow(), "node"), "name")).text()).isEqualTo("edge-1");
    }

    @Test
    void variablesAreExpandedInValuesButNotInKeys() {
        YamlNode root = read("""
                ${UPSTREAM}: ${UPSTREAM}:80
                """);

        YamlNode.Entry only = mapping(root).entries().getFirst();
        assertThat(only.key()).isEqualTo("${UPSTREAM}");
        assertThat(only.value()).isEqualTo(new YamlNode.Scalar("10.0.0.7:80", new Mark(1, 14)));
    }

    @Test
    void anExpansionProblemNamesThePathOfAListItem() {
        reader.read("""
                proxy:
                  upstreams:
                    - 10.0.0.1:80
                    - ${MISSING}:80
                """, problems);

        assertThat(problems()).containsExactly(
                "t.yaml:4:7: proxy.upstreams[1]: environment variable MISSING is not set (expected: set MISSING, or give a default as ${MISSING:-value})");
    }

    @Test
    void invalidSyntaxIsReportedWhereTheFaultIsWithWhatIsWrong() {
        Optional<YamlNode> root = reader.read("""
                node: a: b
                """, problems);

        assertThat(root).isEmpty();
        assertThat(problems()).containsExactly("t.yaml:1:8: not valid YAML: mapping values are not allowed here");
    }

    @Test
    void anUnclosedFlowListIsReportedWithWhereItStarted() {
        Optional<YamlNode> root = reader.read("""
                admin:
                  allow: [10.0.0.0/8
                """, problems);

        assertThat(root).isEmpty();
        assertThat(problems()).containsExactly("t.yaml:3:1: not valid YAML: expected ',' or ']', but got <stream end>,"
                + " while parsing a flow sequence at 2:10");
    }

    @Test
    void aTabUsedForIndentationIsReportedOnItsOwnLine() {
        reader.read("node:\n\tname: x\n", problems);

        assertThat(problems.sorted()).singleElement().satisfies(p -> {
            assertThat(p.mark()).isEqualTo(new Mark(2, 1));
            assertThat(p.message()).startsWith("not valid YAML: found character '\\t(TAB)' that cannot start any token");
        });
    }

    @Test
    void aSecondDocumentIsRefused() {
        Optional<YamlNode> root = reader.read("""
                node: {name: a}
                ---
                node: {name: b}
                """, problems);

        assertThat(root).isEmpty();
        assertThat(problems()).containsExactly(
                "t.yaml:3:1: a config file holds one YAML document; found another after '---'");
    }

    @Test
    void aLeadingDocumentMarkerIsFine() {
        YamlNode root = read("""
                ---
                node: {name: a}
                """);

        assertThat(keys(root)).isEqualTo("node");
    }
}
