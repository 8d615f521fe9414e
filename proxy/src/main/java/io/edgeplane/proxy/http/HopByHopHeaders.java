package io.edgeplane.proxy.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * RFC 9110 §7.6.1: headers that concern one connection only are never forwarded: the fixed list, and
 * every header the Connection header names. Transfer-Encoding is framing and stays with the message; the
 * codec re-frames it on the next hop.
 */
public final class HopByHopHeaders {

    private static final AsciiString[] FIXED = {
            HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_CONNECTION,
            HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.UPGRADE,
            HttpHeaderNames.PROXY_AUTHORIZATION, HttpHeaderNames.PROXY_AUTHENTICATE,
    };

    private HopByHopHeaders() {
    }

    public static void remove(HttpHeaders headers) {
        List<String> connection = headers.getAll(HttpHeaderNames.CONNECTION);
        for (int i = 0; i < connection.size(); i++) {
            String value = connection.get(i);
            int start = 0;
            while (start < value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                String name = value.substring(start, end).strip();
                if (!name.isEmpty() && !name.equalsIgnoreCase("transfer-encoding")) {
                    headers.remove(name);
                }
                start = end + 1;
            }
        }
        for (AsciiString name : FIXED) {
            headers.remove(name);
        }
    }
}
