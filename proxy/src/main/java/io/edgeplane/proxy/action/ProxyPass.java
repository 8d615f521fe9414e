package io.edgeplane.proxy.action;

import io.edgeplane.proxy.http.HeaderEdits;
import io.edgeplane.proxy.upstream.UpstreamPool;
import java.util.Objects;

/** Proxy the request to a pool, its path rewritten on the way. */
public record ProxyPass(int routeIndex, UpstreamPool pool, PathRewrite rewrite,
                        HeaderEdits requestHeaders, HeaderEdits responseHeaders) implements RouteAction {

    public ProxyPass {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(rewrite, "rewrite");
        Objects.requireNonNull(requestHeaders, "requestHeaders");
        Objects.requireNonNull(responseHeaders, "responseHeaders");
    }
}
