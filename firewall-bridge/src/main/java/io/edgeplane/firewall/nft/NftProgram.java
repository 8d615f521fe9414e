package io.edgeplane.firewall.nft;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Finds the nft program as root's shell would: a name without a slash is looked up on the PATH and then in
 * {@code /usr/sbin} and {@code /sbin}, where Debian installs it and which a service's minimal PATH often lacks.
 */
public final class NftProgram {

    /** root's usual places, searched after the PATH. */
    static final List<String> SBIN = List.of("/usr/sbin", "/sbin");

    private NftProgram() {
    }

    /** The program named {@code program} ({@code nft}, or a path such as {@code /usr/sbin/nft}), on this PATH. */
    public static Path resolve(String program) throws NftException {
        return resolve(program, System.getenv().getOrDefault("PATH", ""));
    }

    /**
     * The program named {@code program}, looking on {@code pathVariable} (colon-separated) and then in the sbin
     * directories.
     *
     * @throws NftException naming the Debian package nftables, if there is no such executable
     */
    public static Path resolve(String program, String pathVariable) throws NftException {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(pathVariable, "pathVariable");
        if (program.isBlank()) {
            throw new NftException("the nft program is empty: expected nft, or a path such as /usr/sbin/nft");
        }
        if (program.indexOf('/') >= 0) {
            Path path = path(program);
            if (path == null || !Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new NftException("'" + program + "' is not an executable program: expected the nft program, "
                        + "which the Debian package nftables installs as /usr/sbin/nft");
            }
            return path;
        }
        List<String> directories = new ArrayList<>();
        for (String dir : pathVariable.split(":")) {
            if (!dir.isEmpty() && !directories.contains(dir)) {
                directories.add(dir);
            }
        }
        SBIN.stream().filter(dir -> !directories.contains(dir)).forEach(directories::add);
        for (String dir : directories) {
            Path candidate = path(dir + "/" + program);
            if (candidate != null && Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new NftException("no '" + program + "' program on the PATH or in " + String.join(", ", SBIN)
                + ": install the Debian package nftables (apt-get install nftables), or give the program's path");
    }

    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            return null;
        }
    }
}
