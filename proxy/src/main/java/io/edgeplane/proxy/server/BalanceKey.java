package io.edgeplane.proxy.server;

import io.edgeplane.config.proxy.HashConfig;
import io.edgeplane.config.proxy.UpstreamConfig;
import io.edgeplane.proxy.balance.RequestHashes;
import io.edgeplane.proxy.http.RequestContext;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * What a hashing pool ({@code balance: hash} or {@code maglev}) hashes for one request: the client's
 * address, or the value of a header or a cookie, and the client's address when the request has none.
 * Other policies hash nothing.
 */
final class BalanceKey {

    private BalanceKey() {
    }

    static long of(UpstreamConfig config, RequestContext context) {
        if (config.balance() != UpstreamConfig.Balance.HASH && config.balance() != UpstreamConfig.Balance.MAGLEV) {
            return 0;
        }
        HashConfig hash = config.hash().orElse(null);
        if (hash == null || hash.key() == HashConfig.Key.CLIENT_IP) {
            return RequestHashes.ofAddress(context.client().getAddress());
        }
        String name = hash.name().orElseThrow();
        String value = hash.key() == HashConfig.Key.HEADER ? context.header(name) : cookie(context.request().headers(), name);
        return value == null ? RequestHashes.ofAddress(context.client().getAddress()) : RequestHashes.of(value);
    }

    /** The value of cookie {@code name} in the request's Cookie headers, or null. */
    static String cookie(HttpHeaders headers, String name) {
        for (String header : headers.getAll(HttpHeaderNames.COOKIE)) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    return pair.substring(eq + 1).strip();
                }
            }
        }
        return null;
    }
}
