package io.edgeplane.proxy.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A client that writes exactly the bytes it is given and reads answers byte by byte, for requests no real
 * HTTP client would send. Every read has a timeout, so a test never hangs on a connection left open.
 */
final class RawHttpClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttpClient(int port, int timeoutMillis) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket.setTcpNoDelay(true);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** Sends {@code raw} as ISO-8859-1: one char, one byte, so NUL, bare CR and 8-bit bytes go as written. */
    RawHttpClient send(String raw) throws IOException {
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return this;
    }

    /**
     * Reads one response: its head, then a body framed by Content-Length or chunked. Null if the connection
     * ended before a status line began.
     */
    Response readResponse() throws IOException {
        String statusLine = readLine();
        if (statusLine == null) {
            return null;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        String line;
        while ((line = readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        Response head = new Response(statusLine, headers, "");
        String body;
        if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
            body = readChunked();
        } else if (head.header("content-length") != null) {
            body = new String(readExactly(Integer.parseInt(head.header("content-length"))), StandardCharsets.ISO_8859_1);
        } else {
            body = readToEof();
        }
        return new Response(statusLine, headers, body);
    }

    /**
     * Reads until the server closes the connection and returns what came before the close. A reset counts
     * as a close (the server may reset when it closes with request bytes still unread); a timeout fails.
     */
    String readToEof() throws IOException {
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                rest.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("connection still open after " + socket.getSoTimeout() + " ms; read so far: "
                    + rest.toString(StandardCharsets.ISO_8859_1), e);
        } catch (SocketException e) {
            if (!isReset(e)) {
                throw e;
            }
        }
        return rest.toString(StandardCharsets.ISO_8859_1);
    }

    /** True if nothing arrives within {@code millis} and the connection is still open. */
    boolean staysOpenAndQuiet(int millis) throws IOException {
        int timeout = socket.getSoTimeout();
        socket.setSoTimeout(millis);
        try {
            in.read();
            return false;
        } catch (SocketTimeoutException e) {
            return true;
        } catch (SocketException e) {
            if (isReset(e)) {
                return false;
            }
            throw e;
        } finally {
            socket.setSoTimeout(timeout);
        }
    }

    private static boolean isReset(SocketException e) {
        return String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("reset");
    }

    private String readChunked() throws IOException {
        StringBuilder body = new StringBuilder();
        while (true) {
            String sizeLine = readLine();
            if (sizeLine == null) {
                throw new IOException("connection ended inside a chunked body");
            }
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
            if (size == 0) {
                String trailer;
                while ((trailer = readLine()) != null && !trailer.isEmpty()) {
                    // trailers are not needed by the tests
                }
                return body.toString();
            }
            body.append(new String(readExactly(size), StandardCharsets.ISO_8859_1));
            readLine();
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length != length) {
            throw new IOException("connection ended after " + bytes.length + " of " + length + " body bytes");
        }
        return bytes;
    }

    /** A CRLF-terminated line without its CRLF; null at end of stream before any byte of it. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        try {
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    int end = line.length();
                    return end > 0 && line.charAt(end - 1) == '\r' ? line.substring(0, end - 1) : line.toString();
                }
                line.append((char) b);
            }
        } catch (SocketException e) {
            if (!isReset(e)) {
                throw e;
            }
        }
        if (line.isEmpty()) {
            return null;
        }
        throw new IOException("connection ended inside a line: " + line);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One response as read off the wire; header names in lower case. */
    record Response(String statusLine, Map<String, List<String>> headers, String body) {

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.getFirst();
        }
    }
}
