package io.edgeplane.proxy.route;

/** What route matching reads from a request, without copying it. */
public interface RequestView {

    /** The host the client asked for, lower case, without a port; empty when the request named none. */
    String host();

    /** The path, without the query string, as received (not decoded). */
    String path();

    /** The method, as received ({@code GET}). */
    String method();

    /** The first value of a header, by case-insensitive name, or null. */
    String header(String name);
}
