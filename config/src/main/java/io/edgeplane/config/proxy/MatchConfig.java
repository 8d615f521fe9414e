package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a route matches. Every condition given must hold.
 *
 * @param host       host names ({@code api.example.com}) or wildcards ({@code *.example.com}), any of which
 * @param path       an exact path ({@code /dynia-health}), nginx's {@code location =}
 * @param pathPrefix a path prefix ({@code /app1/}), nginx's {@code location /app1/}; the longest wins
 * @param pathRegex  a regular expression on the path, nginx's {@code location ~}; tried in order written
 * @param method     request methods, any of which ({@code [GET, HEAD]})
 * @param header     headers that must be present with exactly this value
 */
public record MatchConfig(
        List<String> host,
        Optional<String> path,
        Optional<String> pathPrefix,
        Optional<String> pathRegex,
        List<String> method,
        Map<String, String> header) implements Checked {

    public MatchConfig {
        host = host.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(pathPrefix, "pathPrefix");
        Objects.requireNonNull(pathRegex, "pathRegex");
        method = List.copyOf(method);
        header = Map.copyOf(header);
    }

    /** How many of path, path_prefix and path_regex are given: a route uses at most one. */
    int pathConditions() {
        return (path.isPresent() ? 1 : 0) + (pathPrefix.isPresent() ? 1 : 0) + (pathRegex.isPresent() ? 1 : 0);
    }

    @Override
    public void check(Checks checks) {
        checks.require(pathConditions() <= 1, "a route matches one of path, path_prefix or path_regex, not several",
                "one path condition per route");
        for (int i = 0; i < host.size(); i++) {
            String h = host.get(i);
            checks.key("host").index(i).require(isHostPattern(h), "'" + h + "' is not a host name or wildcard",
                    "a name such as api.example.com, or *.example.com");
        }
        path.ifPresent(p -> checks.key("path").require(p.startsWith("/"), "'" + p + "' does not start with '/'", "such as /health"));
        pathPrefix.ifPresent(p -> checks.key("path_prefix").require(p.startsWith("/"),
                "'" + p + "' does not start with '/'", "such as /app1/"));
        pathRegex.ifPresent(regex -> {
            try {
                Pattern.compile(regex);
            } catch (PatternSyntaxException e) {
                checks.key("path_regex").error("not a regular expression: " + e.getDescription() + " at index " + e.getIndex(),
                        "a Java regular expression such as ^/api/v[0-9]+/");
            }
        });
        for (int i = 0; i < method.size(); i++) {
            checks.key("method").index(i).require(HeaderNames.isToken(method.get(i)),
                    "'" + method.get(i) + "' is not a method name", "GET, POST, ...");
        }
        header.keySet().forEach(name -> checks.key("header").key(name).require(HeaderNames.isToken(name),
                "'" + name + "' is not a header name", HeaderNames.EXPECTED));
    }

    private static boolean isHostPattern(String h) {
        String name = h.startsWith("*.") ? h.substring(2) : h;
        return !name.isEmpty() && name.chars().allMatch(c -> c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')
                && !name.startsWith(".") && !name.endsWith(".") && !name.contains("..");
    }
}
