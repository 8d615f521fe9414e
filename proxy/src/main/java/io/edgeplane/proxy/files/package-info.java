/**
 * Static files from a directory, as nginx's {@code root} and {@code index} serve them: safe path resolution,
 * content types, ETag/Last-Modified validators, 304, single byte ranges and zero-copy bodies.
 */
package io.edgeplane.proxy.files;
