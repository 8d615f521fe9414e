package io.edgeplane.gateway.cli;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.firewall.compile.FirewallCompiler;
import io.edgeplane.gateway.runtime.ConfigSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgeplane check --config FILE}, like {@code nginx -t} and {@code haproxy -c}: prints {@code OK}, or
 * every problem as {@code FILE:LINE:COL: key: message} on standard output, and exits 0 or 1. A valid config's firewall
 * warnings (a listener no rule opens) go to standard error, after {@code OK}.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validate a config file without starting anything.",
                "Prints OK and exits 0, or prints every problem as FILE:LINE:COL: key: message and exits 1."})
final class CheckCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The config file to check. Without it, the embedded default is checked.")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ConfigSource source = config == null ? new ConfigSource.Embedded() : new ConfigSource.File(config);
        try {
            EdgeplaneConfig config = source.load(new ConfigLoader(Variables.environment()));
            out.println("OK");
            out.flush();
            // As nginx -t prints its warnings: the config is valid, and these are probably not what was meant.
            PrintWriter err = spec.commandLine().getErr();
            config.firewall().ifPresent(firewall -> new FirewallCompiler().compile(config).warnings()
                    .forEach(warning -> err.println(source.label() + ": warning: firewall: " + warning)));
            err.flush();
            return 0;
        } catch (InvalidConfigException e) {
            for (ConfigProblem problem : e.problems()) {
                out.println(problem);
            }
            out.flush();
            PrintWriter err = spec.commandLine().getErr();
            err.println(source.label() + ": " + e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems"));
            err.flush();
            return 1;
        }
    }
}
