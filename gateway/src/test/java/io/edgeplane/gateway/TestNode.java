package io.edgeplane.gateway;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.dhcp.server.DhcpPlatform;
import io.edgeplane.firewall.nft.NftAccess;
import io.edgeplane.gateway.runtime.ConfigSource;
import io.edgeplane.gateway.runtime.ServiceDefinition;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-process edgeplane started from a config file in a temporary directory, and a client for its admin API. */
public final class TestNode implements AutoCloseable {

    private final Path file;
    private final NodeProcess node;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestNode(Path file, NodeProcess node) {
        this.file = file;
        this.node = node;
    }

    /** Writes {@code yaml} to {@code dir/edgeplane.yaml} and starts a node on it. */
    public static TestNode start(Path dir, String yaml) throws IOException, InvalidConfigException, ServiceException {
        return start(dir, yaml, ServiceCatalog.all());
    }

    /** As {@link #start(Path, String)}, with the DHCP server on {@code dhcp} instead of the kernel. */
    public static TestNode start(Path dir, String yaml, DhcpPlatform dhcp)
            throws IOException, InvalidConfigException, ServiceException {
        return start(dir, yaml, ServiceCatalog.all(() -> Optional.of(dhcp)));
    }

    /** As {@link #start(Path, String)}, with the firewall on {@code nft} (an {@code InMemoryNft}) instead of nft. */
    public static TestNode start(Path dir, String yaml, NftAccess nft)
            throws IOException, InvalidConfigException, ServiceException {
        return start(dir, yaml, ServiceCatalog.all(Optional::empty, nft));
    }

    private static TestNode start(Path dir, String yaml, List<ServiceDefinition> catalog)
            throws IOException, InvalidConfigException, ServiceException {
        Path file = dir.resolve("edgeplane.yaml");
        Files.writeString(file, yaml);
        ConfigLoader loader = new ConfigLoader(Variables.of(Map.of()));
        ConfigSource source = new ConfigSource.File(file);
        EdgeplaneConfig config = source.load(loader);
        return new TestNode(file, NodeProcess.start(source, loader, config, logging -> { }, Clock.systemUTC(), "test",
                catalog));
    }

    public NodeProcess process() {
        return node;
    }

    public void rewrite(String yaml) throws IOException {
        Files.writeString(file, yaml);
    }

    public Path file() {
        return file;
    }

    /** The admin listener's base URL, with the port actually bound. */
    public String adminUrl() {
        return node.gateway().endpoints().get("admin").getFirst();
    }

    /** The admin URL of {@code path} ({@code /healthz}). */
    public URI uri(String path) {
        return URI.create(adminUrl() + (path.startsWith("/") ? path.substring(1) : path));
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> get(String path, String user, String password) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).GET().header("Authorization", basic(user, password)));
    }

    public HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        node.close();
        client.close();
    }
}
