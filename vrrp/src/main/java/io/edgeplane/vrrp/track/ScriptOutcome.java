package io.edgeplane.vrrp.track;

import java.time.Duration;
import java.util.Objects;

/** How one run of a program ended, as {@link ScriptRunner#run} reports it. */
public sealed interface ScriptOutcome {

    /** Whether it counts as a success: only exit status 0, as in keepalived. */
    default boolean success() {
        return this instanceof Exited(int status) && status == 0;
    }

    /** Whether it says anything about the checked thing; a run cut short by {@link ScriptRunner#close()} does not. */
    default boolean verdict() {
        return !(this instanceof Stopped);
    }

    /**
     * It exited, or was killed by a signal nobody here sent ({@code status} is then 128 plus the signal, as a
     * shell reports it).
     */
    record Exited(int status) implements ScriptOutcome {
        @Override
        public String toString() {
            return status > 128 && status < 128 + 65 ? "exited with status " + status + " (signal " + (status - 128) + ")"
                    : status == 126 || status == 127 ? "exited with status " + status + " (the program could not be executed)"
                    : "exited with status " + status;
        }
    }

    /** It ran past its timeout, and its process tree was killed: a failure, as in keepalived. */
    record TimedOut(Duration timeout) implements ScriptOutcome {
        public TimedOut {
            Objects.requireNonNull(timeout, "timeout");
        }

        @Override
        public String toString() {
            return "timed out after " + timeout.toMillis() + " ms and was killed";
        }
    }

    /** It could not be started: the program is missing or not executable, or the user to run as is unknown. */
    record NotRun(String reason) implements ScriptOutcome {
        public NotRun {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return "could not run: " + reason;
        }
    }

    /** The runner was closed while it ran, and its process tree killed: no verdict. */
    record Stopped() implements ScriptOutcome {
        @Override
        public String toString() {
            return "stopped";
        }
    }
}
