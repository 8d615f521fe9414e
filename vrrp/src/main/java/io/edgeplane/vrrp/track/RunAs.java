package io.edgeplane.vrrp.track;

import io.edgeplane.config.vrrp.VrrpScriptConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The user and group a script runs as (keepalived's {@code user} of a {@code vrrp_script}). Without JNI, the switch
 * is made by util-linux's {@code setpriv --reuid --regid --clear-groups}, which needs CAP_SETUID and CAP_SETGID;
 * without a group, the user's primary group is used, as in keepalived, and supplementary groups are dropped.
 */
public final class RunAs {

    private static final RunAs SELF = new RunAs(Optional.empty(), Optional.empty());
    /** CAP_SETGID and CAP_SETUID in {@code linux/capability.h}. */
    private static final int CAP_SETGID = 6;
    private static final int CAP_SETUID = 7;
    private static final long LOOKUP_TIMEOUT_SECONDS = 5;

    private final Optional<String> user;
    private final Optional<String> group;
    /** The group id or name handed to setpriv, found on first use; guarded by this. */
    private String resolvedGroup;

    private RunAs(Optional<String> user, Optional<String> group) {
        this.user = Objects.requireNonNull(user, "user");
        this.group = Objects.requireNonNull(group, "group");
    }

    /** As the user and groups edgeplane runs as. */
    public static RunAs self() {
        return SELF;
    }

    /** As {@code user} (absent = edgeplane's) with {@code group} (absent = the user's primary group). */
    public static RunAs of(Optional<String> user, Optional<String> group) {
        return user.isEmpty() && group.isEmpty() ? SELF : new RunAs(user, group);
    }

    /** The script's {@code user} and {@code group}. */
    public static RunAs of(VrrpScriptConfig script) {
        return of(script.user(), script.group());
    }

    /** Whether running as this takes a switch of user or group. */
    public boolean switches() {
        return user.isPresent() || group.isPresent();
    }

    public Optional<String> user() {
        return user;
    }

    public Optional<String> group() {
        return group;
    }

    /**
     * Checks that the switch can be made: this process has CAP_SETUID and CAP_SETGID (as root does), setpriv is
     * installed, and the user and group exist.
     *
     * @throws IllegalStateException saying what is missing
     */
    public void check() {
        if (!switches()) {
            return;
        }
        if (!capable()) {
            throw new IllegalStateException("cannot run as " + this + ": edgeplane runs as uid " + currentUid()
                    + " without CAP_SETUID and CAP_SETGID; run it as root or grant both capabilities, or remove "
                    + "user and group from the script");
        }
        if (Programs.find("setpriv").isEmpty()) {
            throw new IllegalStateException("cannot run as " + this + ": setpriv (util-linux) is not installed in "
                    + Programs.DIRECTORIES);
        }
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        try {
            if (user.isPresent()) {
                lookup.lookupPrincipalByName(user.get());
            }
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("cannot run as " + this + ": there is no user '" + user.get() + "'", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run as " + this + ": looking up user '" + user.get() + "' failed: " + e, e);
        }
        try {
            if (group.isPresent()) {
                lookup.lookupPrincipalByGroupName(group.get());
            }
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("cannot run as " + this + ": there is no group '" + group.get() + "'", e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run as " + this + ": looking up group '" + group.get() + "' failed: " + e, e);
        }
    }

    /**
     * The words put before the command: none, or a setpriv call. Blocking the first time when the user's primary
     * group must be looked up ({@code id -g}); call it where a script may run, never on an event loop.
     *
     * @throws IOException when the switch cannot be prepared
     */
    List<String> prefix() throws IOException {
        if (!switches()) {
            return List.of();
        }
        String setpriv = Programs.find("setpriv").orElseThrow(() -> new IOException("setpriv (util-linux) is not installed"));
        List<String> prefix = new ArrayList<>(List.of(setpriv));
        user.ifPresent(u -> prefix.add("--reuid=" + u));
        prefix.add("--regid=" + groupToUse());
        prefix.add("--clear-groups");
        prefix.add("--");
        return prefix;
    }

    private synchronized String groupToUse() throws IOException {
        if (resolvedGroup == null) {
            resolvedGroup = group.isPresent() ? group.get() : primaryGroupOf(user.orElseThrow());
        }
        return resolvedGroup;
    }

    private static String primaryGroupOf(String user) throws IOException {
        String id = Programs.find("id").orElseThrow(() -> new IOException("id (coreutils) is not installed, needed to find "
                + "the primary group of user '" + user + "'; give the script a group"));
        Process process = new ProcessBuilder(id, "-g", "--", user).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        try {
            String output;
            try (var in = process.getInputStream()) {
                output = new String(in.readNBytes(4096), StandardCharsets.UTF_8).strip();
            }
            if (!process.waitFor(LOOKUP_TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0
                    || !output.chars().allMatch(Character::isDigit) || output.isEmpty()) {
                throw new IOException("cannot find the primary group of user '" + user + "': id -g said '" + output + "'");
            }
            return output;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while looking up the primary group of user '" + user + "'", e);
        } finally {
            process.destroyForcibly();
        }
    }

    /** Whether this process may switch user and group: both capabilities in its effective set. */
    static boolean capable() {
        return effectiveCapabilities().map(caps -> (caps >>> CAP_SETUID & 1) == 1 && (caps >>> CAP_SETGID & 1) == 1)
                .orElse(false);
    }

    private static Optional<Long> effectiveCapabilities() {
        return statusField("CapEff:").map(hex -> Long.parseUnsignedLong(hex, 16));
    }

    private static String currentUid() {
        return statusField("Uid:").map(uids -> uids.split("\\s+")[1]).orElse("?");
    }

    private static Optional<String> statusField(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key)) {
                    return Optional.of(line.substring(key.length()).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // No /proc: treated as not capable.
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return switches() ? "user " + user.orElse("(edgeplane's)") + group.map(g -> ", group " + g).orElse("") : "edgeplane's user";
    }
}
