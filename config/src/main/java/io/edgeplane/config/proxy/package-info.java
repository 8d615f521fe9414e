/**
 * The {@code proxy:} section: listeners with their routes, and the upstream pools routes send to
 * (nginx's server/location/upstream, HAProxy's frontend/backend, Caddy's site blocks).
 */
package io.edgeplane.config.proxy;
