package io.edgeplane.gateway.cli;

import io.edgeplane.config.EdgeplaneConfig;
import io.edgeplane.config.firewall.FirewallConfig;
import io.edgeplane.firewall.compile.FirewallCompiler;
import io.edgeplane.firewall.nft.ListingDiff;
import io.edgeplane.firewall.nft.ListingNormalizer;
import io.edgeplane.firewall.nft.NftException;
import io.edgeplane.firewall.nft.NftTableReader;
import io.edgeplane.firewall.nft.ProcessNftCommand;
import io.edgeplane.firewall.ruleset.NftRenderer;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code edgeplane firewall diff}: what applying the config would change in the kernel, as a unified diff from the
 * kernel's {@code table inet edgeplane} to the config's. Exits 0 when they are the same, 1 when they differ, as
 * {@code diff} does, and 2 when the kernel could not be read.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Print a unified diff from the kernel's table inet edgeplane to the config's ruleset.",
                "Exits 0 when they are the same, 1 when they differ, 2 on an error. Needs CAP_NET_ADMIN."})
final class FirewallDiffCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    ConfigOption config;

    @Override
    public Integer call() {
        Optional<EdgeplaneConfig> loaded = config.loadWithFirewall(spec);
        if (loaded.isEmpty()) {
            return 2;
        }
        FirewallConfig firewall = loaded.get().firewall().orElseThrow();
        PrintWriter out = spec.commandLine().getOut();
        try {
            Optional<String> kernel = new NftTableReader(ProcessNftCommand.forProgram(firewall.nft(), firewall.timeout()))
                    .listText();
            String diff = new ListingDiff(new ListingNormalizer()).diff(kernel,
                    new NftRenderer().render(new FirewallCompiler().compile(loaded.get())), config.source().label());
            out.print(diff);
            out.flush();
            return diff.isEmpty() ? 0 : 1;
        } catch (NftException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("edgeplane: cannot read the kernel's table: " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
