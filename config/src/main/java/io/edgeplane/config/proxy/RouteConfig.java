package io.edgeplane.config.proxy;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One route: what it matches, and exactly one thing it does with a request.
 *
 * @param match       the conditions; absent = every request (a listener's default route)
 * @param upstream    proxy to this upstream pool
 * @param stripPrefix with {@code match.path_prefix}: drop the prefix before proxying, as nginx's
 *                    {@code location /app1/ { proxy_pass http://app1_up/; }}
 * @param rewrite     rewrite the path with a regular expression before proxying
 * @param respond     answer directly with a fixed status, body and headers
 * @param redirect    answer with a redirect
 * @param files       serve static files from a directory
 * @param headers     header edits for this route, applied after the listener's (request edits to what goes
 *                    upstream, response edits to the upstream's answer, a respond action's and a redirect):
 *                    those of the header policies it uses, then its own
 * @param name        how metrics and the access log name the route; its position in the list when absent
 * @param rateLimits  names of {@code proxy.rate_limits} applied to this route's requests, after the listener's;
 *                    routes naming the same limit share its counts
 */
public record RouteConfig(
        Optional<MatchConfig> match,
        Optional<String> upstream,
        @Default("false") boolean stripPrefix,
        Optional<RewriteConfig> rewrite,
        Optional<RespondConfig> respond,
        Optional<RedirectConfig> redirect,
        Optional<FilesConfig> files,
        HeadersConfig headers,
        Optional<String> name,
        List<String> rateLimits) implements Checked {

    static final String ACTIONS = "exactly one of upstream, respond, redirect or files";

    public RouteConfig {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(rewrite, "rewrite");
        Objects.requireNonNull(respond, "respond");
        Objects.requireNonNull(redirect, "redirect");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(name, "name");
        rateLimits = List.copyOf(rateLimits);
    }

    /** A route without rate limits of its own. */
    public RouteConfig(Optional<MatchConfig> match, Optional<String> upstream, boolean stripPrefix,
                       Optional<RewriteConfig> rewrite, Optional<RespondConfig> respond, Optional<RedirectConfig> redirect,
                       Optional<FilesConfig> files, HeadersConfig headers, Optional<String> name) {
        this(match, upstream, stripPrefix, rewrite, respond, redirect, files, headers, name, List.of());
    }

    /** The action keys this route has. */
    public List<String> actions() {
        List<String> actions = new ArrayList<>(1);
        upstream.ifPresent(u -> actions.add("upstream"));
        respond.ifPresent(r -> actions.add("respond"));
        redirect.ifPresent(r -> actions.add("redirect"));
        files.ifPresent(f -> actions.add("files"));
        return actions;
    }

    @Override
    public void check(Checks checks) {
        name.ifPresent(n -> checks.key("name").require(n.matches("[A-Za-z0-9_.-]+"),
                "'" + n + "' is not a route name", "letters, digits, '_', '-' and '.'"));
        List<String> actions = actions();
        if (actions.size() != 1) {
            checks.error(actions.isEmpty() ? "a route does nothing without an action"
                    : "a route has one action, this one has " + String.join(" and ", actions), ACTIONS);
        }
        if (stripPrefix) {
            checks.key("strip_prefix").require(match.flatMap(MatchConfig::pathPrefix).isPresent(),
                    "strip_prefix needs match.path_prefix", "match: { path_prefix: /app1/ }");
            checks.key("strip_prefix").require(upstream.isPresent() || files.isPresent(),
                    "strip_prefix applies to upstream and files routes", ACTIONS);
        }
        rewrite.ifPresent(r -> checks.key("rewrite").require(upstream.isPresent() || files.isPresent(),
                "rewrite applies to upstream and files routes", ACTIONS));
        checks.key("rewrite").require(!(stripPrefix && rewrite.isPresent()),
                "strip_prefix and rewrite both change the path; use one", "one of strip_prefix or rewrite");
    }
}
