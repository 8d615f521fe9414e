package io.edgeplane.gateway.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code edgeplane}: with no subcommand it runs, as {@code edgeplane run} does. */
@Command(name = "edgeplane",
        mixinStandardHelpOptions = true,
        versionProvider = BuildInfo.class,
        description = {
                "One process for a node's edge: reverse proxy, DNS and DHCP, NTP, VRRP and firewall, from one YAML file.",
                "With no command, runs the embedded default config (admin on http://127.0.0.1:8404/)."},
        subcommands = {RunCommand.class, CheckCommand.class, FirewallCommand.class, VersionCommand.class, AotTrainingCommand.class,
                CommandLine.HelpCommand.class})
public final class EdgeplaneCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        RunCommand run = new RunCommand();
        run.spec = spec.subcommands().get("run").getCommandSpec();
        return run.call();
    }

    /** The command line as picocli runs it, with edgeplane's exit codes. */
    public static CommandLine commandLine() {
        return new CommandLine(new EdgeplaneCommand())
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
