/**
 * The cache of forwarded answers: upstream replies checked ({@link io.edgeplane.dns.cache.ReplyDigest}),
 * reduced to the records that answer the question, and kept in wire form for their TTLs
 * ({@link io.edgeplane.dns.cache.AnswerCache}), so a cache hit is a copy and a TTL countdown.
 */
package io.edgeplane.dns.cache;
