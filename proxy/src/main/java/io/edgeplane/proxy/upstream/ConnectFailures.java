package io.edgeplane.proxy.upstream;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.util.Locale;

/** Why a connection to a server failed, in the few words a stats page and a state history show. */
final class ConnectFailures {

    private ConnectFailures() {
    }

    static String describe(Throwable cause) {
        String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
        if (cause instanceof ConnectTimeoutException || message.contains("timed out")) {
            return "connect timed out";
        }
        if (message.contains("refused")) {
            return "connection refused";
        }
        if (cause instanceof NoRouteToHostException || message.contains("no route")) {
            return "no route to host";
        }
        if (message.contains("reset")) {
            return "connection reset";
        }
        if (cause instanceof ConnectException) {
            return "cannot connect: " + cause.getMessage();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
