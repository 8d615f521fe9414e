package io.edgeplane.gateway.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code edgeplane firewall show|diff|remove}: the nftables side of the config, looked at and undone by hand. */
@Command(name = "firewall", mixinStandardHelpOptions = true,
        description = {"Show the nftables ruleset a config makes, compare it with the kernel's, or remove it."},
        subcommands = {FirewallShowCommand.class, FirewallDiffCommand.class, FirewallRemoveCommand.class,
                CommandLine.HelpCommand.class})
final class FirewallCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }
}
