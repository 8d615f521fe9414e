/**
 * The running process: where the config comes from, which services run, reload as load + validate +
 * prepare everywhere + commit everywhere, and graceful stop.
 */
package io.edgeplane.gateway.runtime;
