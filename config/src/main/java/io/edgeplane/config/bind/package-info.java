/**
 * Binds a positioned YAML tree onto config records by their component names (snake_case in YAML), with
 * defaults, typed scalars, unknown-key hints and record-level checks, collecting every problem it finds.
 */
package io.edgeplane.config.bind;
