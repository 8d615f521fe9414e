/**
 * The contract every service implements: prepare a config snapshot without disturbing what runs, then
 * commit or abort it; stop within a grace period; report health.
 */
package io.edgeplane.core.lifecycle;
