package io.edgeplane.config.vrrp;

import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import java.util.Objects;
import java.util.Optional;

/**
 * Programs run when an instance or a sync group changes state (keepalived's {@code notify_master},
 * {@code notify_backup}, {@code notify_fault}, {@code notify_stop}). Each is an absolute path, run without a
 * shell and without arguments, as keepalived runs {@code notify_master /path}; absent = nothing is run.
 *
 * @param master run on becoming MASTER
 * @param backup run on becoming BACKUP
 * @param fault  run on entering FAULT
 * @param stop   run when VRRP stops (on shutdown, or when a reload removes the instance)
 */
public record VrrpNotifyConfig(Optional<String> master, Optional<String> backup, Optional<String> fault,
                               Optional<String> stop) implements Checked {

    public VrrpNotifyConfig {
        Objects.requireNonNull(master, "master");
        Objects.requireNonNull(backup, "backup");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(stop, "stop");
    }

    /** No program for any state. */
    public static VrrpNotifyConfig none() {
        return new VrrpNotifyConfig(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    @Override
    public void check(Checks checks) {
        master.ifPresent(path -> checkProgram(checks.key("master"), path));
        backup.ifPresent(path -> checkProgram(checks.key("backup"), path));
        fault.ifPresent(path -> checkProgram(checks.key("fault"), path));
        stop.ifPresent(path -> checkProgram(checks.key("stop"), path));
    }

    private static void checkProgram(Checks at, String path) {
        if (at.require(path.startsWith("/"), "'" + path + "' is not an absolute path",
                "the full path of a program, such as /etc/edgeplane/notify_master.sh")) {
            at.require(path.chars().noneMatch(Character::isWhitespace),
                    "'" + path + "' has a space: notify programs run without a shell and without arguments",
                    "the path of the program alone; a wrapper script can add arguments");
        }
    }
}
