package io.edgeplane.proxy.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A JDK TLS client for tests: connects to 127.0.0.1 with whatever SNI name (or none) the test gives, so the
 * proxy's certificate choice can be seen, then sends one HTTP/1.1 request with {@code Connection: close}.
 */
final class TlsClient {

    /** What a handshake and its one request gave. */
    record Answer(X509Certificate certificate, String protocol, String cipherSuite, String response) {
        String subject() {
            return certificate.getSubjectX500Principal().getName();
        }
    }

    private TlsClient() {
    }

    /** Handshake with {@code sni} (null: send none), then {@code GET path} with Host {@code host}. */
    static Answer get(SSLContext context, int port, String sni, String path) throws IOException {
        return get(context, port, sni, path, null, null);
    }

    static Answer get(SSLContext context, int port, String sni, String path, String[] protocols, String[] ciphers) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, "127.0.0.1", port, true)) {
            socket.setSoTimeout(5000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
            if (protocols != null) {
                parameters.setProtocols(protocols);
            }
            if (ciphers != null) {
                parameters.setCipherSuites(ciphers);
            }
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            String host = sni == null ? "localhost" : sni;
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return new Answer(leaf, socket.getSession().getProtocol(), socket.getSession().getCipherSuite(),
                    out.toString(StandardCharsets.ISO_8859_1));
        }
    }
}
