package io.edgeplane.gateway.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.gateway.testing.Distribution;
import io.edgeplane.core.testing.Interop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example configs' firewalls (the seeds' iptables script and ufw script, {@code config/examples/}) as the kernel
 * takes them: {@code edgeplane firewall show} prints the script, and {@code nft -c -f -} checks it inside a namespace
 * of the test's own; then it is applied there for real and {@code edgeplane firewall diff} finds the kernel's table to
 * be the config's. Nothing is applied anywhere but in that namespace, which is deleted afterwards.
 */
class FirewallExamplesIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private String netns;

    @AfterEach
    void deleteTheNamespace() throws Exception {
        if (netns != null) {
            FirewallLan.deleteScratch(netns);
            netns = null;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"chronosync.yaml", "dynia-node.yaml"})
    void theExamplesFirewallIsAcceptedByNft(String example) throws Exception {
        EdgeplaneRouter.requireDistribution();
        Path config = examples().resolve(example);
        Interop.require(Files.isRegularFile(config), "no example config " + config);
        netns = FirewallLan.createScratch();
        String launcher = Distribution.launcher().toString();

        CommandRun check = CommandRun.run(List.of(launcher, "check", "--config", config.toString()), Optional.empty(),
                COMMAND_TIMEOUT);
        assertThat(check.stdout()).as("%s", check).isEqualTo("OK\n");
        assertThat(check.exitCode()).as("%s", check).isZero();

        CommandRun show = CommandRun.run(List.of(launcher, "firewall", "show", "--config", config.toString()),
                Optional.empty(), COMMAND_TIMEOUT);
        assertThat(show.exitCode()).as("%s", show).isZero();
        assertThat(show.stdout()).contains("table inet edgeplane {");

        String nft = Interop.requireProgram("nft", "nftables").toString();
        CommandRun nftCheck = FirewallLan.exec(netns, COMMAND_TIMEOUT, Optional.of(show.stdout()), nft, "-c", "-f", "-");
        assertThat(nftCheck.exitCode()).as("nft -c -f - on the output of edgeplane firewall show: %s", nftCheck)
                .isZero();

        CommandRun apply = FirewallLan.exec(netns, COMMAND_TIMEOUT, Optional.of(show.stdout()), nft, "-f", "-");
        assertThat(apply.exitCode()).as("nft -f - in %s: %s", netns, apply).isZero();
        CommandRun diff = FirewallLan.exec(netns, COMMAND_TIMEOUT, Optional.empty(), launcher, "firewall", "diff",
                "--config", config.toString());
        assertThat(diff.stdout()).as("edgeplane firewall diff after nft applied show's script: %s", diff).isEmpty();
        assertThat(diff.exitCode()).as("%s", diff).isZero();
    }

    /** {@code config/examples}: where the build says, else beside this module. */
    private static Path examples() {
        String property = System.getProperty("edgeplane.examples.dir");
        return property != null && !property.isBlank() ? Path.of(property) : Path.of("..", "config", "examples");
    }
}
