/**
 * The one config model: YAML in, a validated immutable {@link io.edgeplane.config.EdgeplaneConfig} out,
 * or every problem at once as {@code FILE:LINE:COL: key.path: message}. Knows nothing of Netty or sockets.
 */
package io.edgeplane.config;
