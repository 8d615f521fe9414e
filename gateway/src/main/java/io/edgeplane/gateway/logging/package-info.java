/**
 * The process log: Logback set up from the config's {@code logging} section, written through a
 * non-blocking queue so an event loop never waits on standard output.
 */
package io.edgeplane.gateway.logging;
