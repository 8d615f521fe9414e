package io.edgeplane.proxy.upstream;

import io.edgeplane.proxy.balance.UpstreamServer;
import java.util.ArrayDeque;

/**
 * Idle keep-alive connections of one pool on one event loop, by server. Used only from that loop, so it
 * needs no locks. The most recently used connection is handed out first (it is the least likely to have
 * been closed by the server); connections idle longer than the pool's idle timeout are closed instead.
 */
final class ConnectionCache {

    private final ArrayDeque<UpstreamConnection>[] idle;
    private final int maxIdle;
    private final long idleTimeoutNanos;

    @SuppressWarnings("unchecked")
    ConnectionCache(int servers, int maxIdle, long idleTimeoutNanos) {
        this.idle = new ArrayDeque[servers];
        for (int i = 0; i < servers; i++) {
            idle[i] = new ArrayDeque<>();
        }
        this.maxIdle = maxIdle;
        this.idleTimeoutNanos = idleTimeoutNanos;
    }

    /** An open idle connection to {@code server}, or null. */
    UpstreamConnection poll(UpstreamServer server) {
        ArrayDeque<UpstreamConnection> connections = idle[server.index()];
        long now = System.nanoTime();
        UpstreamConnection connection;
        while ((connection = connections.pollLast()) != null) {
            if (connection.channel().isActive() && now - connection.idleSinceNanos() < idleTimeoutNanos) {
                return connection;
            }
            connection.channel().close();
        }
        return null;
    }

    void offer(UpstreamConnection connection) {
        ArrayDeque<UpstreamConnection> connections = idle[connection.server().index()];
        if (connections.size() >= maxIdle) {
            // Over the limit: the oldest goes, the fresh one stays.
            UpstreamConnection oldest = connections.pollFirst();
            if (oldest == null) {
                connection.channel().close();
                return;
            }
            oldest.channel().close();
        }
        connections.addLast(connection);
    }

    void remove(UpstreamConnection connection) {
        idle[connection.server().index()].remove(connection);
    }

    void closeAll() {
        for (ArrayDeque<UpstreamConnection> connections : idle) {
            UpstreamConnection connection;
            while ((connection = connections.pollFirst()) != null) {
                connection.channel().close();
            }
        }
    }
}
