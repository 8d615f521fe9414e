package io.edgeplane.proxy.action;

import io.edgeplane.proxy.http.HeaderEdits;

/** The compiled action of one route, with the header edits that route adds to its listener's. */
public sealed interface RouteAction permits ProxyPass, FixedResponse, Redirect, StaticFiles {

    /** The route's position in its listener, for logs and metrics. */
    int routeIndex();

    /** Edits to the request on its way upstream (listener edits first, then the route's). */
    HeaderEdits requestHeaders();

    /** Edits to the response on its way to the client. */
    HeaderEdits responseHeaders();
}
