/**
 * The typed values a config is written in (addresses, CIDRs, durations, sizes), each with one parser
 * that says clearly what it expected, and a canonical text form for printing the running config.
 */
package io.edgeplane.config.value;
