package io.edgeplane.proxy.server;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.Variables;
import io.edgeplane.core.transport.EventLoops;
import io.edgeplane.proxy.tls.TlsProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A {@link ProxyService} started from YAML on its own event loops, with an HTTP client pointed at it. */
final class ProxyHarness implements AutoCloseable {

    final EventLoops loops = EventLoops.create(2);
    final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    final io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    final ProxyService service;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));

    ProxyHarness(String yaml) throws Exception {
        this(yaml, TlsProvider::detect);
    }

    /** With TLS (to clients and to upstreams) by {@code tlsProvider} rather than the one found here. */
    ProxyHarness(String yaml, TlsProvider tlsProvider) throws Exception {
        this(yaml, () -> tlsProvider);
    }

    private ProxyHarness(String yaml, java.util.function.Supplier<TlsProvider> tlsProvider) throws Exception {
        service = new ProxyService(loops, blocking, meters, java.time.Clock.systemUTC(), tlsProvider);
        try {
            apply(yaml);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    void apply(String yaml) throws Exception {
        EdgeplaneConfig config = loader.parse("test.yaml", yaml);
        service.prepare(config).commit();
    }

    /** The base URL of the listener that is {@code index}-th in the endpoint list. */
    String url(int index) {
        String endpoint = service.endpoints().get(index);
        return endpoint.substring(0, endpoint.indexOf(' ') - 1);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url(0) + path)).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        service.stop(Duration.ofSeconds(1)).join();
        loops.shutdown(Duration.ofSeconds(2));
        blocking.shutdown();
        client.close();
    }
}
