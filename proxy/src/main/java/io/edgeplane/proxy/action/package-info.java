/**
 * What a route does with a request, compiled from its config: proxy to a pool, answer directly, redirect.
 */
package io.edgeplane.proxy.action;
