package io.edgeplane.gateway.cli;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.gateway.NodeProcess;
import io.edgeplane.gateway.logging.LogSetup;
import io.edgeplane.gateway.runtime.ConfigSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;

/**
 * {@code edgeplane aot-training}: runs the embedded default once with every port moved to a free one, asks
 * each admin endpoint and each proxy route once, reloads and stops. The build runs it with
 * {@code -XX:AOTCacheOutput} so the JVM records the classes, linking and profiles of a real start-up into
 * {@code lib/edgeplane.aot}, which more than halves the time to a healthy {@code /healthz}. Hidden: it is
 * not for operators.
 */
@Command(name = "aot-training", hidden = true,
        description = "Run one start-up, a request to each endpoint, a reload and a stop, for an AOT cache.")
final class AotTrainingCommand implements Callable<Integer> {

    private static final Pattern LOOPBACK_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");
    private static final List<String> ADMIN_PATHS =
            List.of("healthz", "readyz", "metrics", "api/status", "api/config", "api/config?format=yaml", "api/reload", "nothing");
    private static final List<String> PROXY_PATHS = List.of("", "internal/health/", "app1/", "app2/x", "app3/y?z=1");

    @Override
    public Integer call() throws InvalidConfigException, ServiceException, IOException {
        Path file = Files.createTempFile("edgeplane-aot-training", ".yaml");
        try {
            Files.writeString(file, onFreePorts(ConfigSource.Embedded.text()).replace("level: info", "level: warn"));
            ConfigLoader loader = new ConfigLoader(Variables.environment());
            ConfigSource source = new ConfigSource.File(file);
            EdgeplaneConfig config = source.load(loader);
            try (NodeProcess node = NodeProcess.start(source, loader, config, new LogSetup(), Clock.systemUTC(), BuildInfo.version())) {
                String admin = node.gateway().endpoints().get("admin").getFirst();
                String proxy = node.gateway().endpoints().get("proxy").getFirst().split(" ")[0];
                for (int round = 0; round < 20; round++) {
                    for (String path : PROXY_PATHS) {
                        get(proxy + path);
                    }
                }
                for (String path : ADMIN_PATHS) {
                    get(admin + path);
                }
                node.gateway().reload("aot-training");
            }
        } finally {
            Files.deleteIfExists(file);
        }
        LogSetup.flush();
        return 0;
    }

    /** The same text with each distinct loopback port replaced by a port that is free now. */
    private static String onFreePorts(String yaml) throws IOException {
        java.util.Map<String, Integer> ports = new java.util.HashMap<>();
        Matcher matcher = LOOPBACK_PORT.matcher(yaml);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            int port = ports.computeIfAbsent(matcher.group(1), p -> freePort());
            matcher.appendReplacement(out, "127.0.0.1:" + port);
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void get(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(2000);
        connection.setReadTimeout(5000);
        int status = connection.getResponseCode();
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (body != null) {
                body.readAllBytes();
            }
        }
    }
}
