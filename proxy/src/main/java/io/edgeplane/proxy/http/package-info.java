/**
 * HTTP pieces of the proxy that know no sockets: per-request variables and templates, hop-by-hop and
 * forwarding headers, header edits, request validation, error answers.
 */
package io.edgeplane.proxy.http;
