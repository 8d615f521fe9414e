package io.edgeplane.gateway.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code edgeplane version}: the build's version and what it runs on. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print edgeplane's version, and the Java and Netty it runs on.")
final class VersionCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        for (String line : BuildInfo.lines()) {
            spec.commandLine().getOut().println(line);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
