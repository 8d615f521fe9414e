package io.edgeplane.gateway.cli;

import io.edgeplane.config.AdminConfig;
import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.LoggingConfig;
import io.edgeplane.config.Variables;
import io.edgeplane.config.value.HostPort;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.gateway.NodeProcess;
import io.edgeplane.gateway.logging.LogSetup;
import io.edgeplane.gateway.runtime.ConfigSource;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code edgeplane aot-training}: starts the embedded default (admin on an ephemeral port), asks each
 * admin endpoint once, reloads and stops. The build runs it with {@code -XX:AOTCacheOutput} so the JVM
 * records the classes, linking and profiles of a real start-up into {@code lib/edgeplane.aot}, which
 * cuts the time to a healthy {@code /healthz} by more than half. Not for operators, hence hidden.
 */
@Command(name = "aot-training", hidden = true,
        description = "Run one start-up, a request to each admin endpoint, a reload and a stop, for an AOT cache.")
final class AotTrainingCommand implements Callable<Integer> {

    private static final List<String> PATHS =
            List.of("healthz", "readyz", "metrics", "api/status", "api/config", "api/config?format=yaml", "api/reload", "nothing");

    @Override
    public Integer call() throws InvalidConfigException, ServiceException, IOException {
        ConfigLoader loader = new ConfigLoader(Variables.environment());
        ConfigSource source = new ConfigSource.Embedded();
        EdgeplaneConfig embedded = source.load(loader);
        EdgeplaneConfig quiet = new EdgeplaneConfig(embedded.node(),
                new LoggingConfig(embedded.logging().format(), LoggingConfig.Level.WARN),
                embedded.admin().map(AotTrainingCommand::onEphemeralPort));
        try (NodeProcess node = NodeProcess.start(source, loader, quiet, new LogSetup(), Clock.systemUTC(), BuildInfo.version())) {
            String base = node.gateway().endpoints().get("admin").getFirst();
            for (String path : PATHS) {
                get(base + path);
            }
            node.gateway().reload("aot-training");
        }
        LogSetup.flush();
        return 0;
    }

    private static AdminConfig onEphemeralPort(AdminConfig admin) {
        return new AdminConfig(new HostPort(admin.listen().host(), 0), admin.auth(), admin.allow(), admin.deny());
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
