package io.edgeplane.gateway.cli;

import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.firewall.compile.FirewallCompiler;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.NftScript;
import io.edgeplane.firewall.ruleset.Ruleset;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code edgeplane firewall show}: a dry run. Prints the nft script that {@code run} would apply, which {@code nft -c -f}
 * checks and {@code nft -f} applies; needs no privilege and touches nothing.
 */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Print the nft script the config's firewall section makes, without applying it.",
                "nft -c -f FILE checks it; nft -f FILE applies it, replacing table inet edgeplane in one transaction."})
final class FirewallShowCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        Optional<EdgeplaneConfig> loaded = config.loadWithFirewall(spec);
        if (loaded.isEmpty()) {
            return 1;
        }
        Ruleset ruleset = new FirewallCompiler().compile(loaded.get());
        PrintWriter out = spec.commandLine().getOut();
        out.println("# edgeplane firewall from " + config.source().label() + " (" + ruleset.ruleCount() + " rules)");
        out.println("# check: nft -c -f FILE   apply: nft -f FILE (replaces table inet edgeplane in one transaction)");
        // On standard error, so that the script on standard output can go straight to nft -c -f.
        PrintWriter err = spec.commandLine().getErr();
        ruleset.warnings().forEach(warning -> err.println("edgeplane: warning: " + warning));
        err.flush();
        out.print(NftScript.replace(new NftRenderer().render(ruleset)));
        out.flush();
        return 0;
    }
}
