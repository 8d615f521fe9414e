/**
 * TLS termination on proxy listeners: PEM certificates and keys (BouncyCastle reads PKCS#1, PKCS#8 and SEC1),
 * SNI selection with wildcards and a default, BoringSSL or JDK contexts, certificate files reloaded as they
 * change, and the meters of handshakes and certificate expiry.
 */
package io.edgeplane.proxy.tls;
