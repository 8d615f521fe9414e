/**
 * The command line: {@code edgeplane run}, {@code check}, {@code version}, built with picocli.
 */
package io.edgeplane.gateway.cli;
