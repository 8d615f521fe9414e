package io.edgeplane.firewall.apply;

import io.edgeplane.firewall.nft.KernelTable;
import io.edgeplane.firewall.nft.NftCommand;
import io.edgeplane.firewall.nft.NftErrors;
import io.edgeplane.firewall.nft.NftException;
import io.edgeplane.firewall.nft.NftResult;
import io.edgeplane.firewall.nft.NftTableReader;
import io.edgeplane.firewall.nft.TableVerifier;
import io.edgeplane.firewall.ruleset.NftListing;
import io.edgeplane.firewall.ruleset.NftRenderer;
import io.edgeplane.firewall.ruleset.NftScript;
import io.edgeplane.firewall.ruleset.Ruleset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Puts a ruleset in force by replacing edgeplane's table ({@code inet edgeplane}) in one nft transaction, checks what
 * the kernel then holds with {@link TableVerifier}, and puts the previous table back if the check fails. Never throws
 * for nft's failures: they come back as {@link ApplyResult.Failed} messages. One change runs at a time.
 */
public final class FirewallApplier {

    static final List<String> FROM_STDIN = List.of("-f", "-");
    private static final String FIREWALL = "firewall: ";

    private final NftCommand nft;
    private final NftRenderer renderer;
    private final NftTableReader reader;
    private final TableVerifier verifier = new TableVerifier();
    private final ReentrantLock lock = new ReentrantLock();

    public FirewallApplier(NftCommand nft, NftRenderer renderer) {
        this.nft = Objects.requireNonNull(nft, "nft");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
        this.reader = new NftTableReader(nft);
    }

    /**
     * Puts {@code ruleset} in force, unless the kernel already holds it.
     *
     * @return {@link ApplyResult.Unchanged} when nothing had to be run, {@link ApplyResult.Applied} with what was
     *         there before, or {@link ApplyResult.Failed} with the kernel holding the previous table
     */
    public ApplyResult apply(Ruleset ruleset) {
        Objects.requireNonNull(ruleset, "ruleset");
        NftListing listing = renderer.render(ruleset);
        lock.lock();
        try {
            Optional<NftTableReader.Reading> kernel;
            PreviousState previous;
            try {
                kernel = reader.readWithText();
                if (kernel.isPresent() && verifier.verify(ruleset, listing.digest(), kernel.get().table()).isEmpty()) {
                    return new ApplyResult.Unchanged(listing.digest());
                }
                // The text the reading took, if it took one: a large table is not listed twice
                Optional<String> text = kernel.isEmpty() ? Optional.empty()
                        : kernel.get().text().isPresent() ? kernel.get().text() : reader.listText();
                previous = text.map(PreviousState::of).orElse(PreviousState.absent());
            } catch (NftException e) {
                return failed(FIREWALL + "could not read the kernel's table, so nothing was changed: "
                        + e.getMessage());
            }

            NftResult result;
            try {
                result = nft.run(FROM_STDIN, Optional.of(NftScript.replace(listing)));
            } catch (NftException e) {
                return failed(FIREWALL + e.getMessage() + "; nft commits a script whole or not at all, so the kernel "
                        + "holds either the previous table or the new one ('edgeplane firewall diff' tells which)");
            }
            if (!result.succeeded()) {
                return new ApplyResult.Failed(NftErrors.messages(result.stderr(), listing, NftScript.PREAMBLE_LINES));
            }

            List<String> mismatches;
            try {
                mismatches = reader.read()
                        .map(table -> verifier.verify(ruleset, listing.digest(), table))
                        .orElse(List.of("the table is missing from the kernel after nft applied it"));
            } catch (NftException e) {
                mismatches = List.of("could not read the table back: " + e.getMessage());
            }
            if (mismatches.isEmpty()) {
                return new ApplyResult.Applied(listing.digest(), previous);
            }
            List<String> messages = new ArrayList<>();
            mismatches.forEach(m -> messages.add(FIREWALL + "applied ruleset " + listing.digest()
                    + " failed its check: " + m));
            List<String> restoring = restoreLocked(previous);
            if (restoring.isEmpty()) {
                messages.add(FIREWALL + "put the previous table back ("
                        + previous.digest().map(d -> "ruleset " + d).orElse(previous.listing().isPresent()
                        ? "not an edgeplane ruleset" : "there was none, so the table was removed") + ")");
            } else {
                messages.add(FIREWALL + "could not put the previous table back; the kernel holds ruleset "
                        + listing.digest() + ", which failed its check");
                messages.addAll(restoring);
            }
            return new ApplyResult.Failed(messages);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reads the kernel's table and compares it with {@code ruleset}, which was applied earlier: finds a table deleted or
     * edited behind edgeplane's back, and reads the chains' counters.
     *
     * @throws NftException if nft could not be run or its listing not read
     */
    public Inspection inspect(Ruleset ruleset) throws NftException {
        Objects.requireNonNull(ruleset, "ruleset");
        NftListing listing = renderer.render(ruleset);
        lock.lock();
        try {
            Optional<KernelTable> kernel = reader.read();
            if (kernel.isEmpty()) {
                return new Inspection(List.of("table " + Ruleset.FAMILY + " " + Ruleset.TABLE + " is missing from the kernel"),
                        java.util.Map.of());
            }
            java.util.Map<String, Long> counted = new java.util.LinkedHashMap<>();
            kernel.get().chains().forEach(chain -> counted.put(chain.name(), chain.counted()));
            return new Inspection(verifier.verify(ruleset, listing.digest(), kernel.get()), counted);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Puts back what was in force before an apply: used when a reload is aborted after its firewall was applied.
     *
     * @return what went wrong; empty when the previous table (or its absence) is back
     */
    public List<String> restore(PreviousState previous) {
        Objects.requireNonNull(previous, "previous");
        lock.lock();
        try {
            return restoreLocked(previous);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Deletes edgeplane's table if there is one; removing an absent table is not an error.
     *
     * @return what went wrong; empty when there is no table any more
     */
    public List<String> remove() {
        lock.lock();
        try {
            return replace(NftScript.remove(), Optional.empty());
        } finally {
            lock.unlock();
        }
    }

    private List<String> restoreLocked(PreviousState previous) {
        if (previous.listing().isEmpty()) {
            return replace(NftScript.remove(), Optional.empty());
        }
        String text = previous.listing().get();
        return replace(NftScript.replace(text), Optional.of(new NftListing(text, previous.digest().orElse(""),
                List.of())));
    }

    /** Runs {@code script}; the messages for a failure, mapped to lines of {@code listing} when it is given. */
    private List<String> replace(String script, Optional<NftListing> listing) {
        NftResult result;
        try {
            result = nft.run(FROM_STDIN, Optional.of(script));
        } catch (NftException e) {
            return List.of(FIREWALL + e.getMessage());
        }
        if (result.succeeded()) {
            return List.of();
        }
        return NftErrors.messages(result.stderr(), listing.orElse(new NftListing("", "", List.of())), NftScript.PREAMBLE_LINES);
    }

    private static ApplyResult.Failed failed(String message) {
        return new ApplyResult.Failed(List.of(message));
    }
}
