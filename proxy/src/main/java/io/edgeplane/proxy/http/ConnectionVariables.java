package io.edgeplane.proxy.http;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The variables a connection knows without a request, for the answers given to requests refused before
 * routing (400, 408, 413, 414, 431, ...). What comes from the request ({@code $host}, {@code $uri},
 * {@code $request_method}, ...) is empty: such a request was not read, or not trusted, and its bytes have no
 * place in a response header. {@code $upstream_*} is empty as nothing was proxied.
 */
public record ConnectionVariables(InetSocketAddress client, InetSocketAddress local, String scheme, String listener,
                                  String nodeName) implements VariableValues {

    public ConnectionVariables {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(nodeName, "nodeName");
    }

    @Override
    public String variable(String name) {
        return switch (name) {
            case "remote_addr" -> client.getAddress().getHostAddress();
            case "remote_port" -> Integer.toString(client.getPort());
            case "server_port" -> Integer.toString(local.getPort());
            case "scheme" -> scheme;
            case "listener" -> listener;
            case "node_name" -> nodeName;
            case "host", "http_host", "request_method", "request_uri", "uri", "args", "upstream_host", "upstream_addr" -> "";
            default -> throw new IllegalArgumentException("unknown variable $" + name);
        };
    }
}
