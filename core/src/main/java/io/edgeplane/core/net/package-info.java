/**
 * Client access lists built from a config's {@code allow:} and {@code deny:} CIDR lists.
 */
package io.edgeplane.core.net;
