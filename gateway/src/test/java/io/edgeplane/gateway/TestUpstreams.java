package io.edgeplane.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain upstream for gateway tests, on a loopback port of its own: {@code /slow?ms=N} answers its name after
 * N ms, anything else at once. It counts the requests it got.
 */
public final class TestUpstreams implements AutoCloseable {

    private final HttpServer server;
    private final String name;
    public final AtomicInteger requests = new AtomicInteger();

    public TestUpstreams(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::answer);
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String query = exchange.getRequestURI().getQuery();
        if (exchange.getRequestURI().getPath().equals("/slow") && query != null && query.startsWith("ms=")) {
            try {
                Thread.sleep(Long.parseLong(query.substring(3)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = (name + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** {@code 127.0.0.1:port}, as a config names it. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
