package io.edgeplane.proxy.action;

import io.edgeplane.proxy.files.StaticFileServer;
import io.edgeplane.proxy.http.HeaderEdits;
import java.util.Objects;

/** Serve files from a directory (nginx's {@code root}), the path stripped or rewritten first. */
public record StaticFiles(int routeIndex, StaticFileServer server, PathRewrite rewrite,
                          HeaderEdits requestHeaders, HeaderEdits responseHeaders) implements RouteAction {

    public StaticFiles {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(rewrite, "rewrite");
        Objects.requireNonNull(requestHeaders, "requestHeaders");
        Objects.requireNonNull(responseHeaders, "responseHeaders");
    }
}
