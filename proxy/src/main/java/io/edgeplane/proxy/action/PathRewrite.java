package io.edgeplane.proxy.action;

import io.edgeplane.config.proxy.RouteConfig;
import java.util.regex.Pattern;

/** How a proxied request's path changes on its way upstream; the query string never changes. */
public sealed interface PathRewrite {

    String apply(String path);

    PathRewrite NONE = new Keep();

    static PathRewrite of(RouteConfig route) {
        if (route.stripPrefix()) {
            return new StripPrefix(route.match().orElseThrow().pathPrefix().orElseThrow());
        }
        return route.rewrite().<PathRewrite>map(r -> new RegexRewrite(Pattern.compile(r.regex()), r.replacement()))
                .orElse(NONE);
    }

    /** The path as received. */
    record Keep() implements PathRewrite {
        @Override
        public String apply(String path) {
            return path;
        }
    }

    /**
     * nginx's {@code location /app1/ { proxy_pass http://up/; }}: {@code /app1/x} becomes {@code /x}. What is
     * left always starts with '/', so {@code /app1} (prefix {@code /app1/} not matched) never gets here and
     * a prefix without a trailing slash ({@code /api}) turns {@code /api/v1} into {@code /v1}.
     */
    record StripPrefix(String prefix) implements PathRewrite {
        @Override
        public String apply(String path) {
            String rest = path.substring(Math.min(prefix.length(), path.length()));
            return rest.startsWith("/") ? rest : "/" + rest;
        }
    }

    /** nginx's {@code rewrite regex replacement break}. */
    record RegexRewrite(Pattern regex, String replacement) implements PathRewrite {
        @Override
        public String apply(String path) {
            String rewritten = regex.matcher(path).replaceFirst(replacement);
            return rewritten.startsWith("/") ? rewritten : "/" + rewritten;
        }
    }
}
