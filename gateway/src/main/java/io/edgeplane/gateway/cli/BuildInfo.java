package io.edgeplane.gateway.cli;

import io.netty.util.Version;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The version this binary was built as, read from a resource Maven fills in. */
public final class BuildInfo implements CommandLine.IVersionProvider {

    private static final String RESOURCE = "/io/edgeplane/gateway/build.properties";

    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }

    /** The lines {@code edgeplane version} prints. */
    static String[] lines() {
        String netty = Version.identify().values().stream()
                .filter(v -> v.artifactId().equals("netty-common"))
                .map(Version::artifactVersion)
                .findFirst().orElse("unknown");
        return new String[] {
                "edgeplane " + version(),
                "java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                "netty " + netty,
        };
    }

    @Override
    public String[] getVersion() {
        return lines();
    }
}
