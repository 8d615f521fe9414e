package io.edgeplane.config.vrrp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Default;
import io.edgeplane.config.value.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A check run periodically for the instances that track it (keepalived's {@code vrrp_script}): exit status 0
 * is a success, anything else or running past {@code timeout} a failure. It runs only while some instance
 * tracks it, as in keepalived. Defaults are keepalived 2.2.7's.
 *
 * @param command  the program and its arguments, run without a shell: {@code [/usr/bin/pgrep, -x, nginx]};
 *                 a program without arguments may be written alone
 * @param interval how often it runs (keepalived's {@code interval})
 * @param timeout  how long a run may take before it counts as failed; absent = {@code interval}, as in keepalived
 * @param weight   the priority change of the instances tracking it, -253..253; 0 = FAULT while it fails
 *                 (see {@link VrrpTrackConfig}); a tracker may give its own
 * @param fall     consecutive failures before it counts as down
 * @param rise     consecutive successes before it counts as up again
 * @param user     the user it runs as; absent = the user edgeplane runs as. Running as another user needs
 *                 edgeplane to have CAP_SETUID and CAP_SETGID (keepalived's {@code user})
 * @param group    the group it runs as; absent = the user's primary group
 */
public record VrrpScriptConfig(
        List<String> command,
        @Default("1s") Duration interval,
        Optional<Duration> timeout,
        @Default("0") int weight,
        @Default("1") int fall,
        @Default("1") int rise,
        Optional<String> user,
        Optional<String> group) implements Checked {

    static final Duration MIN_INTERVAL = Duration.ofMillis(100);
    static final Duration MAX_INTERVAL = Duration.ofHours(1);
    /** POSIX portable user and group names, as useradd takes them. */
    private static final String ACCOUNT_NAME = "[A-Za-z_][A-Za-z0-9_.-]{0,31}";

    public VrrpScriptConfig {
        command = List.copyOf(command);
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
    }

    /** How long a run may take: {@code timeout}, else {@code interval}. */
    public Duration effectiveTimeout() {
        return timeout.orElse(interval);
    }

    @Override
    public void check(Checks checks) {
        if (checks.key("command").require(!command.isEmpty(), "the script has no command", "such as [/usr/bin/pgrep, -x, nginx]")) {
            String program = command.getFirst();
            if (checks.key("command").index(0).require(program.startsWith("/"), "'" + program + "' is not an absolute path",
                    "the full path of the program, such as /usr/bin/pgrep")) {
                checks.key("command").index(0).require(program.chars().noneMatch(Character::isWhitespace),
                        "'" + program + "' has a space: the command runs without a shell, so the program and its "
                                + "arguments are items of a list", "such as [/usr/bin/pgrep, -x, nginx]");
            }
        }
        checks.key("interval").require(interval.compareTo(MIN_INTERVAL) >= 0 && interval.compareTo(MAX_INTERVAL) <= 0,
                "interval " + Durations.format(interval) + " is out of range", "100ms to 1h; 1s as keepalived");
        timeout.ifPresent(t -> checks.key("timeout").require(t.isPositive() && t.compareTo(MAX_INTERVAL) <= 0,
                "timeout " + Durations.format(t) + " is out of range", "more than 0s and at most 1h; absent = the interval"));
        checks.key("weight").require(weight >= VrrpTrackConfig.MIN_WEIGHT && weight <= VrrpTrackConfig.MAX_WEIGHT,
                "weight must be " + VrrpTrackConfig.MIN_WEIGHT + ".." + VrrpTrackConfig.MAX_WEIGHT,
                "0 (FAULT while failing), or such as -20 (priority lowered by 20 while failing), as keepalived");
        checks.key("fall").require(fall >= 1, "fall must be 1 or more", "such as 3");
        checks.key("rise").require(rise >= 1, "rise must be 1 or more", "such as 2");
        user.ifPresent(u -> checks.key("user").require(u.matches(ACCOUNT_NAME), "'" + u + "' is not a user name",
                "a user name such as nobody"));
        group.ifPresent(g -> checks.key("group").require(g.matches(ACCOUNT_NAME), "'" + g + "' is not a group name",
                "a group name such as nogroup"));
    }
}
