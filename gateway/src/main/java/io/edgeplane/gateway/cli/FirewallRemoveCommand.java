package io.edgeplane.gateway.cli;

import io.edgeplane.firewall.apply.FirewallApplier;
import io.edgeplane.firewall.nft.NftException;
import io.edgeplane.firewall.nft.ProcessNftCommand;
import io.edgeplane.firewall.ruleset.NftRenderer;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code edgeplane firewall remove}: deletes {@code table inet edgeplane}, which stays in force after edgeplane stops
 * ({@code on_stop: keep}); no other table is touched. Removing an absent table succeeds.
 */
@Command(name = "remove", mixinStandardHelpOptions = true,
        description = {"Delete table inet edgeplane from the kernel; no other table is touched. Needs CAP_NET_ADMIN.",
                "A running edgeplane puts it back on its next reload."})
final class FirewallRemoveCommand implements Callable<Integer> {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--nft", paramLabel = "PROGRAM", defaultValue = "nft",
            description = "The nft program (default: nft, looked up on the PATH, /usr/sbin and /sbin).")
    String nft;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        List<String> problems;
        try {
            problems = new FirewallApplier(ProcessNftCommand.forProgram(nft, TIMEOUT), new NftRenderer()).remove();
        } catch (NftException e) {
            problems = List.of(e.getMessage());
        }
        if (!problems.isEmpty()) {
            problems.forEach(problem -> err.println("edgeplane: " + problem));
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("table inet edgeplane removed (or there was none)");
        out.flush();
        return 0;
    }
}
