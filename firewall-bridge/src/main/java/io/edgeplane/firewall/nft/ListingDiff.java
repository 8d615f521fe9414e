package io.edgeplane.firewall.nft;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import io.edgeplane.firewall.ruleset.NftListing;
import io.edgeplane.firewall.ruleset.Ruleset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A unified diff from the table the kernel holds to the one the config makes, both {@link ListingNormalizer
 * normalised} first so that only real differences show: what {@code edgeplane firewall diff} prints. Lines that
 * start with {@code +} are what applying the config would add.
 */
public final class ListingDiff {

    /** The label of the kernel's side. */
    public static final String KERNEL_LABEL = "kernel: table " + Ruleset.FAMILY + " " + Ruleset.TABLE;
    private static final int CONTEXT_LINES = 3;

    private final ListingNormalizer normalizer;

    public ListingDiff(ListingNormalizer normalizer) {
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
    }

    /**
     * The diff, or the empty string when the two are the same.
     *
     * @param kernel      the kernel's {@code nft -s list table inet edgeplane}, or empty when it has no such table
     *                    (then every line of ours is added)
     * @param ours        the config's listing
     * @param sourceLabel what the config's side is called after {@code config: }, such as the config file's path
     */
    public String diff(Optional<String> kernel, NftListing ours, String sourceLabel) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(ours, "ours");
        Objects.requireNonNull(sourceLabel, "sourceLabel");
        List<String> before = kernel.map(k -> normalizer.normalize(k).lines().toList()).orElse(List.of());
        List<String> after = normalizer.normalize(ours.text()).lines().toList();
        String header = "--- " + KERNEL_LABEL + "\n+++ config: " + sourceLabel + "\n";
        if (before.isEmpty()) {
            // java-diff-utils numbers an empty side from 1 (@@ -1,0 ...); diff and patch expect @@ -0,0.
            StringBuilder text = new StringBuilder(header).append("@@ -0,0 +1,").append(after.size()).append(" @@\n");
            after.forEach(line -> text.append('+').append(line).append('\n'));
            return text.toString();
        }
        Patch<String> patch = DiffUtils.diff(before, after);
        if (patch.getDeltas().isEmpty()) {
            return "";
        }
        List<String> unified = UnifiedDiffUtils.generateUnifiedDiff(KERNEL_LABEL, "config: " + sourceLabel, before,
                patch, CONTEXT_LINES);
        return String.join("\n", unified) + "\n";
    }
}
