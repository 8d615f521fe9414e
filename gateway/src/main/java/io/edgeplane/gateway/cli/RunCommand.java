package io.edgeplane.gateway.cli;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.LoggingConfig;
import io.edgeplane.config.Variables;
import io.edgeplane.core.lifecycle.ServiceException;
import io.edgeplane.gateway.NodeProcess;
import io.edgeplane.gateway.logging.LogSetup;
import io.edgeplane.gateway.runtime.ConfigSource;
import io.edgeplane.gateway.runtime.Gateway;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgeplane run [--config FILE]}: starts every service the config turns on, prints where each
 * listens, and runs until SIGTERM or SIGINT; SIGHUP reloads the file.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Start edgeplane and run until SIGTERM or SIGINT; SIGHUP reloads the config.",
                "Without --config, runs the embedded default (admin on http://127.0.0.1:8404/)."})
final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The config file. Without it, the embedded default runs.")
    Path config;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ConfigSource source = config == null ? new ConfigSource.Embedded() : new ConfigSource.File(config);
        ConfigLoader loader = new ConfigLoader(Variables.environment());
        EdgeplaneConfig loaded;
        try {
            loaded = source.load(loader);
        } catch (InvalidConfigException e) {
            e.problems().stream().map(ConfigProblem::toString).forEach(err::println);
            err.println("edgeplane: " + source.label() + " has " + e.problems().size() + " problem(s); nothing was started");
            err.flush();
            return 1;
        }
        LogSetup logSetup = new LogSetup();
        NodeProcess node;
        try {
            node = NodeProcess.start(source, loader, loaded, logSetup, Clock.systemUTC(), BuildInfo.version());
        } catch (ServiceException e) {
            log.error("start-up failed: {}", e.getMessage());
            LogSetup.flush();
            err.println("edgeplane: " + e.getMessage());
            err.flush();
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        SignalHandlers.install(() -> node.reloadInBackground("SIGHUP"), node::reopenFilesInBackground, stop::countDown);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("edgeplane-shutdown").unstarted(node::close));
        announce(node.gateway(), loaded.logging());
        return awaitStop(node, stop);
    }

    private static int awaitStop(NodeProcess node, CountDownLatch stop) {
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        node.close();
        LogSetup.flush();
        return 0;
    }

    /** The start-up lines: what runs, where, and how to control it. */
    private void announce(Gateway gateway, LoggingConfig logging) {
        long startedMillis = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        var snapshot = gateway.current();
        List<String> lines = new java.util.ArrayList<>();
        lines.add("edgeplane " + gateway.version() + " on node " + snapshot.nodeName() + " (config: " + snapshot.source()
                + ", transport: " + gateway.transport() + ")");
        Map<String, List<String>> endpoints = gateway.endpoints();
        if (endpoints.isEmpty()) {
            lines.add("  no service is configured; add a section such as admin: to the config");
        }
        endpoints.forEach((name, urls) -> urls.forEach(url -> lines.add(String.format("  %-8s %s", name, url))));
        lines.add("started in " + startedMillis + " ms; SIGHUP or POST /api/reload reloads, SIGTERM stops");
        if (logging.format() == LoggingConfig.Format.JSON) {
            lines.forEach(line -> log.info("{}", line.strip()));
        } else {
            PrintWriter out = spec.commandLine().getOut();
            lines.forEach(out::println);
            out.flush();
        }
    }
}
