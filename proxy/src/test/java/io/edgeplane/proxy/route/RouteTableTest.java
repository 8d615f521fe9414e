package io.edgeplane.proxy.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.edgeplane.config.proxy.HeaderEditsConfig;
import io.edgeplane.config.proxy.HeadersConfig;
import io.edgeplane.config.proxy.MatchConfig;
import io.edgeplane.config.proxy.RouteConfig;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RouteTableTest {

    // nginx's location example: = /, /, /documents/, ~* \.(gif|jpg|jpeg)$ (here case-sensitive).
    @Test
    void exactBeatsRegexAndRegexBeatsPrefix() {
        RouteTable<String> table = RouteTable.compile(List.of(
                        match().path("/").route(),
                        match().prefix("/").route(),
                        match().prefix("/documents/").route(),
                        match().regex("\\.(gif|jpg|jpeg)$").route()),
                List.of("A", "B", "C", "D"));

        assertThat(table.lookup(get("/"))).isEqualTo("A");
        assertThat(table.lookup(get("/index.html"))).isEqualTo("B");
        assertThat(table.lookup(get("/documents/document.html"))).isEqualTo("C");
        assertThat(table.lookup(get("/documents/1.jpg"))).isEqualTo("D");
        assertThat(table.lookup(get("/images/1.gif"))).isEqualTo("D");
        assertThat(table.lookup(get("/images/1.GIF"))).as("the regex is case-sensitive").isEqualTo("B");
    }

    @Test
    void exactPathBeatsARegexThatAlsoMatches() {
        RouteTable<String> table = table(
                match().regex("^/api/").route(),
                match().path("/api/status").route());

        assertThat(table.lookupIndex(get("/api/status"))).isEqualTo(1);
        assertThat(table.lookupIndex(get("/api/status/x"))).isZero();
    }

    @Test
    void longestPrefixWinsWhateverTheWrittenOrder() {
        RouteTable<String> table = table(
                match().prefix("/").route(),
                match().prefix("/a/b/").route(),
                match().prefix("/a/").route(),
                match().prefix("/a/b/c/d/").route());

        assertThat(table.lookupIndex(get("/a/b/c"))).isEqualTo(1);
        assertThat(table.lookupIndex(get("/a/b/c/d/e"))).isEqualTo(3);
        assertThat(table.lookupIndex(get("/a/x"))).isEqualTo(2);
        assertThat(table.lookupIndex(get("/a/b"))).as("/a/b is not under /a/b/").isEqualTo(2);
        assertThat(table.lookupIndex(get("/b"))).isZero();
    }

    @Test
    void prefixesSharingCharactersAreToldApart() {
        RouteTable<String> table = table(
                match().prefix("/abc").route(),
                match().prefix("/abd").route(),
                match().prefix("/ab").route(),
                match().prefix("/abcdef").route());

        assertThat(table.lookupIndex(get("/abcde"))).isZero();
        assertThat(table.lookupIndex(get("/abcdefg"))).isEqualTo(3);
        assertThat(table.lookupIndex(get("/abd"))).isEqualTo(1);
        assertThat(table.lookupIndex(get("/abx"))).isEqualTo(2);
        assertThat(table.lookupIndex(get("/a"))).isEqualTo(-1);
        assertThat(table.lookupIndex(get(""))).isEqualTo(-1);
    }

    @Test
    void aPrefixNeedNotEndAtASlash() {
        RouteTable<String> table = table(match().prefix("/app").route());

        assertThat(table.lookupIndex(get("/app"))).isZero();
        assertThat(table.lookupIndex(get("/apple"))).as("as in nginx").isZero();
        assertThat(table.lookupIndex(get("/app/x"))).isZero();
        assertThat(table.lookupIndex(get("/ap"))).isEqualTo(-1);
    }

    @Test
    void regexesAreTriedInWrittenOrder() {
        RouteTable<String> table = table(
                match().regex("^/api/").route(),
                match().regex("^/api/v1/").route(),
                match().prefix("/api/v1/").route());

        assertThat(table.lookupIndex(get("/api/v1/users"))).isZero();
        assertThat(table.lookupIndex(get("/v2/api/"))).as("no regex; not under the prefix").isEqualTo(-1);
    }

    @Test
    void aRegexIsSearchedForAnywhereInThePath() {
        RouteTable<String> table = table(match().regex("/v[0-9]+/").route());

        assertThat(table.lookupIndex(get("/api/v2/x"))).isZero();
        assertThat(table.lookupIndex(get("/api/vx/"))).isEqualTo(-1);
    }

    @Test
    void aRouteFailingItsMethodFallsThroughInPrecedenceOrder() {
        RouteTable<String> table = table(
                match().path("/x").method("GET").route(),
                match().path("/x").method("HEAD").route(),
                match().regex("x$").method("POST").route(),
                match().prefix("/x").method("PUT").route(),
                match().prefix("/").method("PUT", "PATCH").route(),
                match().method("OPTIONS").route(),
                any());

        assertThat(table.lookupIndex(request("GET", "/x"))).isZero();
        assertThat(table.lookupIndex(request("HEAD", "/x"))).isEqualTo(1);
        assertThat(table.lookupIndex(request("POST", "/x"))).isEqualTo(2);
        assertThat(table.lookupIndex(request("PUT", "/x"))).isEqualTo(3);
        assertThat(table.lookupIndex(request("PATCH", "/x"))).isEqualTo(4);
        assertThat(table.lookupIndex(request("OPTIONS", "/x"))).isEqualTo(5);
        assertThat(table.lookupIndex(request("DELETE", "/x"))).isEqualTo(6);
        assertThat(table.lookupIndex(request("get", "/x"))).as("methods are case-sensitive").isEqualTo(6);
    }

    @Test
    void equalPrefixesAreTriedInWrittenOrder() {
        RouteTable<String> table = table(
                match().prefix("/a/").header("X-Canary", "1").route(),
                match().prefix("/a/").route(),
                match().prefix("/a/").route());

        assertThat(table.lookupIndex(get("/a/x").with("x-canary", "1"))).isZero();
        assertThat(table.lookupIndex(get("/a/x"))).isEqualTo(1);
    }

    @Test
    void headerConditionsAllHoldByExactValueAndCaseInsensitiveName() {
        RouteTable<String> table = table(
                match().prefix("/").header("X-Env", "blue").header("X-Tenant", "acme").route(),
                match().prefix("/").header("x-env", "blue").route(),
                any());

        assertThat(table.lookupIndex(get("/").with("X-ENV", "blue").with("x-tenant", "acme"))).isZero();
        assertThat(table.lookupIndex(get("/").with("X-Env", "blue"))).isEqualTo(1);
        assertThat(table.lookupIndex(get("/").with("X-Env", "Blue"))).as("values are exact").isEqualTo(2);
        assertThat(table.lookupIndex(get("/"))).isEqualTo(2);
    }

    @Test
    void exactHostBeatsTheLongestWildcardWhichBeatsTheDefault() {
        RouteTable<String> table = table(
                any(),
                match().host("*.example.com").route(),
                match().host("a.example.com").route(),
                match().host("*.b.example.com").route());

        assertThat(table.lookupIndex(get("a.example.com", "/"))).isEqualTo(2);
        assertThat(table.lookupIndex(get("x.example.com", "/"))).isEqualTo(1);
        assertThat(table.lookupIndex(get("x.y.example.com", "/"))).isEqualTo(1);
        assertThat(table.lookupIndex(get("x.b.example.com", "/"))).isEqualTo(3);
        assertThat(table.lookupIndex(get("deep.x.b.example.com", "/"))).isEqualTo(3);
        assertThat(table.lookupIndex(get("b.example.com", "/"))).isEqualTo(1);
        assertThat(table.lookupIndex(get("example.com", "/"))).isZero();
        assertThat(table.lookupIndex(get("other.org", "/"))).isZero();
        assertThat(table.lookupIndex(get("", "/"))).as("no Host header").isZero();
    }

    @Test
    void aWildcardDoesNotMatchTheBareDomain() {
        RouteTable<String> table = table(match().host("*.example.com").route());

        assertThat(table.lookupIndex(get("example.com", "/"))).isEqualTo(-1);
        assertThat(table.lookupIndex(get("notexample.com", "/"))).isEqualTo(-1);
        assertThat(table.lookupIndex(get(".example.com", "/"))).as("an empty first label").isEqualTo(-1);
        assertThat(table.lookupIndex(get("www.example.com", "/"))).isZero();
        assertThat(table.lookup(get("example.com", "/"))).isNull();
    }

    @Test
    void aHostGroupWithoutAMatchingRouteFallsBackToTheNextGroup() {
        RouteTable<String> table = table(
                match().host("api.example.com").prefix("/v1/").route(),
                match().host("*.example.com").prefix("/static/").route(),
                match().host("*.internal.example.com").method("POST").route(),
                match().prefix("/").route());

        assertThat(table.lookupIndex(get("api.example.com", "/v1/users"))).isZero();
        assertThat(table.lookupIndex(get("api.example.com", "/static/a.css"))).as("exact, then wildcard").isEqualTo(1);
        assertThat(table.lookupIndex(get("api.example.com", "/other"))).as("exact, then default").isEqualTo(3);
        assertThat(table.lookupIndex(request("POST", "db.internal.example.com", "/x"))).isEqualTo(2);
        assertThat(table.lookupIndex(get("db.internal.example.com", "/static/x")))
                .as("longer wildcard, then shorter").isEqualTo(1);
        assertThat(table.lookupIndex(get("db.internal.example.com", "/x"))).isEqualTo(3);
    }

    @Test
    void aRouteListingSeveralHostsBelongsToEach() {
        RouteTable<String> table = table(
                match().host("a.com", "*.b.com", "a.com").prefix("/").route(),
                match().host("c.com").route());

        assertThat(table.lookupIndex(get("a.com", "/"))).isZero();
        assertThat(table.lookupIndex(get("x.b.com", "/"))).isZero();
        assertThat(table.lookupIndex(get("c.com", "/"))).isEqualTo(1);
        assertThat(table.lookupIndex(get("b.com", "/"))).isEqualTo(-1);
        assertThat(table.lookupIndex(get("d.com", "/"))).isEqualTo(-1);
    }

    @Test
    void noMatchingRouteGivesNullAndMinusOne() {
        RouteTable<String> table = table(match().host("a.com").path("/x").route());

        assertThat(table.lookup(get("a.com", "/y"))).isNull();
        assertThat(table.lookupIndex(get("a.com", "/y"))).isEqualTo(-1);
        assertThat(table.lookupIndex(get("b.com", "/x"))).isEqualTo(-1);
        assertThat(RouteTable.compile(List.of(), List.of()).lookupIndex(get("/"))).isEqualTo(-1);
    }

    // The shape of the seed config: three apps under prefixes, a health check, and a default route.
    @Test
    void seedConfig() {
        RouteTable<String> table = RouteTable.compile(List.of(
                        match().prefix("/app1/").route(),
                        match().prefix("/app2/").route(),
                        match().prefix("/app3/").route(),
                        match().path("/internal/health/").method("GET", "HEAD").route(),
                        any()),
                List.of("app1", "app2", "app3", "health", "default"));

        assertThat(table.lookup(get("/app1/"))).isEqualTo("app1");
        assertThat(table.lookup(get("/app1/x/y?z"))).isEqualTo("app1");
        assertThat(table.lookup(get("/app2/index.html"))).isEqualTo("app2");
        assertThat(table.lookup(get("/app3/a"))).isEqualTo("app3");
        assertThat(table.lookup(get("/app1"))).as("not under /app1/").isEqualTo("default");
        assertThat(table.lookup(get("/app4/"))).isEqualTo("default");
        assertThat(table.lookup(get("/internal/health/"))).isEqualTo("health");
        assertThat(table.lookup(request("HEAD", "/internal/health/"))).isEqualTo("health");
        assertThat(table.lookup(request("POST", "/internal/health/"))).isEqualTo("default");
        assertThat(table.lookup(get("/internal/health/x"))).isEqualTo("default");
        assertThat(table.lookup(get("some.host", "/"))).isEqualTo("default");
        assertThat(table.size()).isEqualTo(5);
    }

    @Test
    void compileRejectsMismatchedSizesAndSeveralPathConditions() {
        assertThatThrownBy(() -> RouteTable.compile(List.of(any()), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 routes but 0 targets");
        RouteConfig both = route(new MatchConfig(List.of(), Optional.of("/a"), Optional.of("/b"), Optional.empty(),
                List.of(), Map.of()));
        assertThatThrownBy(() -> RouteTable.compile(List.of(any(), both), List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("route 1 has 2 path conditions");
    }

    @Test
    void aLookupWithoutRegexesAllocatesNothing() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
                "this JVM does not count allocated bytes per thread");
        RouteTable<String> table = table(
                match().host("api.example.com").prefix("/v1/").route(),
                match().host("api.example.com").prefix("/v1/users/").route(),
                match().host("api.example.com").path("/health").method("GET").route(),
                match().host("*.example.com").prefix("/static/").header("X-Env", "blue").route(),
                match().host("*.example.com").prefix("/static/").route(),
                match().host("*.cdn.example.com").prefix("/").route(),
                match().prefix("/app1/").route(),
                match().prefix("/app2/").route(),
                match().path("/internal/health/").route(),
                any());
        TestRequest[] requests = {
                get("api.example.com", "/v1/users/42"),
                get("api.example.com", "/health"),
                request("POST", "api.example.com", "/health"),
                get("www.example.com", "/static/app.js").with("x-env", "blue"),
                get("www.example.com", "/static/app.js"),
                get("a.b.cdn.example.com", "/img/1.png"),
                get("other.org", "/app2/x"),
                get("", "/internal/health/"),
                get("other.org", "/nowhere"),
        };
        int[] expected = {1, 2, 9, 3, 4, 5, 7, 8, 9};
        long sum = 0;
        for (int i = 0; i < 20_000; i++) {
            sum += table.lookupIndex(requests[i % requests.length]);
        }
        threads.getCurrentThreadAllocatedBytes();

        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 10_000; i++) {
            sum += table.lookupIndex(requests[i % requests.length]);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allocated).as("bytes allocated by 10,000 lookups").isLessThan(1_000);
        assertThat(sum).isPositive();
        for (int i = 0; i < requests.length; i++) {
            assertThat(table.lookupIndex(requests[i])).as("request %s", i).isEqualTo(expected[i]);
        }
    }

    @Test
    void aThousandRandomRoutesMatchLikeABruteForceSearch() {
        Random random = new Random(20_240_611);
        List<String> hosts = new ArrayList<>(List.of("example.com", "a.example.com", "b.a.example.com", "other.org"));
        IntStream.range(0, 30).forEach(i -> hosts.add("h" + i + ".example.com"));
        List<String> wildcards = List.of("*.example.com", "*.a.example.com", "*.h3.example.com", "*.other.org");
        List<String> regexes = List.of("^/s1/", "\\.png$", "/s2/s3", "^/s0/[a-z0-9]+$", "s3");
        List<RouteConfig> routes = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            Match m = match();
            double h = random.nextDouble();
            if (h < 0.5) {
                m.host(pick(random, hosts));
            } else if (h < 0.6) {
                m.host(pick(random, wildcards));
            } else if (h < 0.7) {
                m.host(pick(random, hosts), pick(random, wildcards));
            }
            double p = random.nextDouble();
            if (p < 0.15) {
                m.path(randomPath(random));
            } else if (p < 0.2) {
                m.regex(pick(random, regexes));
            } else if (p < 0.9) {
                m.prefix(randomPath(random));
            }
            double c = random.nextDouble();
            if (c < 0.15) {
                m.method("GET");
            } else if (c < 0.2) {
                m.method("POST", "PUT");
            } else if (c < 0.3) {
                m.header("X-Env", random.nextBoolean() ? "blue" : "green");
            }
            routes.add(m.route());
        }
        RouteTable<Integer> table = RouteTable.compile(routes, IntStream.range(0, routes.size()).boxed().toList());
        List<String> requestHosts = new ArrayList<>(hosts);
        requestHosts.addAll(List.of("z.h3.example.com", "deep.b.a.example.com", "x.other.org", "unknown.net", ""));

        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 5_000; i++) {
            TestRequest request = request(pick(random, List.of("GET", "POST", "PUT", "DELETE")),
                    pick(random, requestHosts), randomPath(random) + (random.nextInt(8) == 0 ? "x.png" : ""));
            if (random.nextInt(3) == 0) {
                request = request.with("x-env", random.nextBoolean() ? "blue" : "green");
            }
            int expected = bruteForce(routes, request);
            assertThat(table.lookupIndex(request)).as("%s", request).isEqualTo(expected);
            assertThat(table.lookup(request)).isEqualTo(expected < 0 ? null : expected);
            seen.add(expected);
        }
        assertThat(seen).as("the sample reaches many routes").hasSizeGreaterThan(100);
    }

    /** The semantics of RouteTable, written as plainly as possible: every group, every route. */
    private static int bruteForce(List<RouteConfig> routes, RequestView request) {
        String host = request.host();
        List<List<Integer>> groups = new ArrayList<>();
        if (!host.isEmpty()) {
            groups.add(routesListing(routes, host));
            TreeMap<Integer, String> wildcardsByLength = new TreeMap<>(Comparator.reverseOrder());
            for (RouteConfig route : routes) {
                for (String pattern : hostsOf(route)) {
                    String suffix = pattern.startsWith("*.") ? pattern.substring(1) : null;
                    if (suffix != null && host.endsWith(suffix) && host.length() > suffix.length()) {
                        wildcardsByLength.put(suffix.length(), pattern);
                    }
                }
            }
            wildcardsByLength.values().forEach(pattern -> groups.add(routesListing(routes, pattern)));
        }
        groups.add(IntStream.range(0, routes.size()).filter(i -> hostsOf(routes.get(i)).isEmpty()).boxed().toList());

        String path = request.path();
        for (List<Integer> group : groups) {
            Comparator<Integer> precedence = Comparator.<Integer>comparingInt(i -> rank(routes.get(i)))
                    .thenComparingInt(i -> -routes.get(i).match().flatMap(MatchConfig::pathPrefix).orElse("").length())
                    .thenComparingInt(i -> i);
            Optional<Integer> found = group.stream()
                    .filter(i -> pathMatches(routes.get(i), path) && conditionsHold(routes.get(i), request))
                    .min(precedence);
            if (found.isPresent()) {
                return found.get();
            }
        }
        return -1;
    }

    private static List<Integer> routesListing(List<RouteConfig> routes, String host) {
        return IntStream.range(0, routes.size()).filter(i -> hostsOf(routes.get(i)).contains(host)).boxed().toList();
    }

    private static List<String> hostsOf(RouteConfig route) {
        return route.match().map(MatchConfig::host).orElse(List.of());
    }

    private static int rank(RouteConfig route) {
        MatchConfig m = route.match().orElseThrow();
        return m.path().isPresent() ? 0 : m.pathRegex().isPresent() ? 1 : 2;
    }

    private static boolean pathMatches(RouteConfig route, String path) {
        MatchConfig m = route.match().orElseThrow();
        if (m.path().isPresent()) {
            return m.path().get().equals(path);
        }
        if (m.pathRegex().isPresent()) {
            return Pattern.compile(m.pathRegex().get()).matcher(path).find();
        }
        return path.startsWith(m.pathPrefix().orElse(""));
    }

    private static boolean conditionsHold(RouteConfig route, RequestView request) {
        MatchConfig m = route.match().orElseThrow();
        return (m.method().isEmpty() || m.method().contains(request.method()))
                && m.header().entrySet().stream().allMatch(h -> h.getValue().equals(request.header(h.getKey())));
    }

    private static String randomPath(Random random) {
        String[] segments = {"s0", "s1", "s2", "s3", "s", "s10"};
        StringBuilder path = new StringBuilder("/");
        int depth = random.nextInt(4);
        for (int i = 0; i < depth; i++) {
            path.append(segments[random.nextInt(segments.length)]);
            if (i < depth - 1 || random.nextBoolean()) {
                path.append('/');
            }
        }
        return path.toString();
    }

    private static <E> E pick(Random random, List<E> values) {
        return values.get(random.nextInt(values.size()));
    }

    // Helpers: routes, tables and requests.

    private static RouteTable<String> table(RouteConfig... routes) {
        return RouteTable.compile(List.of(routes), IntStream.range(0, routes.length).mapToObj(i -> "r" + i).toList());
    }

    private static RouteConfig any() {
        return route(null);
    }

    private static RouteConfig route(MatchConfig match) {
        HeaderEditsConfig none = new HeaderEditsConfig(List.of(), Map.of(), Map.of());
        return new RouteConfig(Optional.ofNullable(match), Optional.of("upstream"), false, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), new HeadersConfig(none, none), Optional.empty());
    }

    private static Match match() {
        return new Match();
    }

    private static final class Match {
        private List<String> host = List.of();
        private Optional<String> path = Optional.empty();
        private Optional<String> prefix = Optional.empty();
        private Optional<String> regex = Optional.empty();
        private List<String> method = List.of();
        private final Map<String, String> header = new LinkedHashMap<>();

        Match host(String... names) {
            host = List.of(names);
            return this;
        }

        Match path(String exact) {
            path = Optional.of(exact);
            return this;
        }

        Match prefix(String pathPrefix) {
            prefix = Optional.of(pathPrefix);
            return this;
        }

        Match regex(String pathRegex) {
            regex = Optional.of(pathRegex);
            return this;
        }

        Match method(String... methods) {
            method = List.of(methods);
            return this;
        }

        Match header(String name, String value) {
            header.put(name, value);
            return this;
        }

        RouteConfig route() {
            return RouteTableTest.route(new MatchConfig(host, path, prefix, regex, method, header));
        }
    }

    private static TestRequest get(String path) {
        return request("GET", "example.net", path);
    }

    private static TestRequest get(String host, String path) {
        return request("GET", host, path);
    }

    private static TestRequest request(String method, String path) {
        return request(method, "example.net", path);
    }

    private static TestRequest request(String method, String host, String path) {
        return new TestRequest(host, path, method, new TreeMap<>(String.CASE_INSENSITIVE_ORDER));
    }

    /** A request as route matching sees it; header lookups by case-insensitive name, without allocating. */
    private record TestRequest(String host, String path, String method, TreeMap<String, String> headers)
            implements RequestView {

        TestRequest with(String name, String value) {
            TreeMap<String, String> more = new TreeMap<>(headers);
            more.put(name, value);
            return new TestRequest(host, path, method, more);
        }

        @Override
        public String header(String name) {
            return headers.get(name);
        }
    }
}
