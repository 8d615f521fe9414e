package io.edgeplane.proxy.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/** Reads for tests that play a raw client or a raw upstream over a plain socket (whose timeout bounds them). */
final class SocketReads {

    private SocketReads() {
    }

    /** Reads up to and including the blank line that ends a header section, and returns it as ISO-8859-1. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed before a whole head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads until the peer closes (a reset counts as a close) and returns what came, as ISO-8859-1. */
    static String readToClose(InputStream in) throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                read.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // a reset ends it too
        }
        return read.toString(StandardCharsets.ISO_8859_1);
    }
}
