package io.edgeplane.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code edgeplane check}, {@code version} and usage errors, in process. */
class CommandLineTest {

    @TempDir
    Path dir;

    record Result(int exitCode, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = EdgeplaneCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void checkPrintsOkForAValidFile() throws Exception {
        Path file = Files.writeString(dir.resolve("ok.yaml"), "admin:\n  listen: 127.0.0.1:8404\n");
        Result result = run("check", "--config", file.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("OK" + System.lineSeparator());
    }

    @Test
    void checkPrintsEveryProblemWithFileLineAndColumn() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                node:
                  name: edge-1
                  shutdown_grace: 10 seconds
                admin:
                  lisen: 127.0.0.1:8404
                  allow: [10.0.0.0/99]
                """);
        Result result = run("check", "--config", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.outLines()).containsExactly(
                file + ":3:19: node.shutdown_grace: 'seconds' in '10 seconds' is not a time unit (ms, s, m, h, d)"
                        + " (expected: a duration with a unit, such as 250ms, 5s, 1m30s, 12h or 7d)",
                file + ":5:3: admin.lisen: unknown key 'lisen'; did you mean 'listen'? (expected: one of listen, auth, allow, deny, audit_log)",
                file + ":6:11: admin.allow[0]: '/99' in '10.0.0.0/99' is not a prefix length of 0..32"
                        + " (expected: a CIDR block such as 10.0.0.0/8 or 2001:db8::/32, or a single address)");
        assertThat(result.err()).contains("3 problems");
    }

    @Test
    void checkPrintsTheFirewallsWarningsOnStandardErrorAfterOk() throws Exception {
        Path file = Files.writeString(dir.resolve("fw.yaml"), "firewall: { input: { allow: [{ port: 80/tcp }] } }\n");
        Result result = run("check", "--config", file.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo("OK" + System.lineSeparator());
        assertThat(result.err()).startsWith(file + ": warning: firewall: no firewall.input.allow rule opens SSH (tcp/22)");
    }

    @Test
    void firewallShowPrintsTheNftScriptAndItsWarningsApart() throws Exception {
        Path file = Files.writeString(dir.resolve("fw.yaml"), """
                proxy:
                  listeners: [{ name: web, listen: [0.0.0.0:8080], routes: [{ respond: { status: 200 } }] }]
                firewall: { input: { allow: [{ port: 22/tcp, comment: SSH access }] } }
                """);
        Result result = run("firewall", "show", "--config", file.toString());
        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).contains("table inet edgeplane", "delete table inet edgeplane",
                "\t\ttcp dport 22 accept comment \"SSH access\"");
        assertThat(result.outLines().stream().filter(line -> !line.startsWith("#")).findFirst())
                .contains("table inet edgeplane");
        assertThat(result.err()).contains("edgeplane: warning: proxy listener web 0.0.0.0:8080 is unreachable");
    }

    @Test
    void firewallShowOfAConfigWithoutAFirewallFails() throws Exception {
        Path file = Files.writeString(dir.resolve("nofw.yaml"), "admin: {}\n");
        Result result = run("firewall", "show", "--config", file.toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("has no firewall section");
    }

    @Test
    void checkOfAMissingFileFails() {
        Result result = run("check", "--config", dir.resolve("absent.yaml").toString());
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).startsWith(dir.resolve("absent.yaml") + ":1:1: no such file");
    }

    @Test
    void checkWithoutAFileChecksTheEmbeddedDefault() {
        Result result = run("check");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).startsWith("OK");
    }

    @Test
    void versionNamesTheBuild() {
        Result result = run("version");
        assertThat(result.exitCode()).isZero();
        assertThat(result.outLines()).hasSize(3);
        assertThat(result.outLines().getFirst()).startsWith("edgeplane ").doesNotContain("unknown");
        assertThat(result.outLines().get(2)).startsWith("netty 4.2.");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(run("frobnicate").exitCode()).isEqualTo(2);
        assertThat(run("check", "--no-such-flag").exitCode()).isEqualTo(2);
    }

    @Test
    void helpListsTheCommands() {
        Result result = run("--help");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("run").contains("check").contains("version").doesNotContain("aot-training");
    }
}
