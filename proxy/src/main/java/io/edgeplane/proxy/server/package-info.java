/**
 * The proxy service: binds listeners, compiles each config into listener runtimes, and handles client
 * connections request by request (answer locally, or proxy to an upstream with streaming both ways).
 */
package io.edgeplane.proxy.server;
