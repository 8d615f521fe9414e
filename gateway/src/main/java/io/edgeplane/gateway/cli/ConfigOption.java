package io.edgeplane.gateway.cli;

import io.edgeplane.config.ConfigLoader;
import io.edgeplane.config.ConfigProblem;
import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.InvalidConfigException;
import io.edgeplane.config.Variables;
import io.edgeplane.gateway.runtime.ConfigSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --config FILE} for the commands that read a config without running it. */
final class ConfigOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "The config file. Without it, the embedded default is read.")
    Path file;

    ConfigSource source() {
        return file == null ? new ConfigSource.Embedded() : new ConfigSource.File(file);
    }

    /**
     * The config, if it is valid and has a firewall section; otherwise empty, after printing why on standard error
     * ({@code FILE:LINE:COL: key: message} for each problem, as {@code check} does).
     */
    Optional<EdgeplaneConfig> loadWithFirewall(CommandLine.Model.CommandSpec spec) {
        PrintWriter err = spec.commandLine().getErr();
        try {
            EdgeplaneConfig config = source().load(new ConfigLoader(Variables.environment()));
            if (config.firewall().isEmpty()) {
                err.println("edgeplane: " + source().label() + " has no firewall section");
                err.flush();
                return Optional.empty();
            }
            return Optional.of(config);
        } catch (InvalidConfigException e) {
            e.problems().stream().map(ConfigProblem::toString).forEach(err::println);
            err.println("edgeplane: " + source().label() + " has " + e.problems().size() + " problem(s)");
            err.flush();
            return Optional.empty();
        }
    }
}
