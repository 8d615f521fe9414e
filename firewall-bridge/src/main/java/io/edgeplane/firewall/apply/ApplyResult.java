package io.edgeplane.firewall.apply;

import java.util.List;
import java.util.Objects;

/** How applying a ruleset ended. */
public sealed interface ApplyResult permits ApplyResult.Applied, ApplyResult.Unchanged, ApplyResult.Failed {

    /**
     * The ruleset is in force and the kernel's table was checked against it.
     *
     * @param digest   the digest of the ruleset now in force
     * @param previous what was there before, for {@link FirewallApplier#restore(PreviousState)}
     */
    record Applied(String digest, PreviousState previous) implements ApplyResult {
        public Applied {
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(previous, "previous");
        }
    }

    /**
     * The kernel already held this ruleset; nothing was run, and the dynamic sets (per-source rate buckets) keep
     * their state.
     *
     * @param digest the digest of the ruleset in force
     */
    record Unchanged(String digest) implements ApplyResult {
        public Unchanged {
            Objects.requireNonNull(digest, "digest");
        }
    }

    /**
     * The ruleset is not in force; the previous table is (nft applies a script whole or not at all, and a table that
     * failed its check was replaced by the previous one), unless a message says otherwise.
     *
     * @param messages what went wrong, each naming the config key it concerns where there is one, such as
     *                 {@code firewall.input.allow[2]: nft refused 'jump nowhere' at 'nowhere': ...}
     */
    record Failed(List<String> messages) implements ApplyResult {
        public Failed {
            messages = List.copyOf(messages);
            if (messages.isEmpty()) {
                throw new IllegalArgumentException("a failure says what failed: messages is empty");
            }
        }
    }
}
