/**
 * JMH benchmarks of the DHCP server's request path: the codec, a whole exchange through the responder, and the
 * lease journal's group commit.
 */
package io.edgeplane.bench.dhcp;
