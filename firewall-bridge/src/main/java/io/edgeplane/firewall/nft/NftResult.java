package io.edgeplane.firewall.nft;

import java.util.Objects;

/**
 * How one nft run ended.
 *
 * @param exitCode nft's exit status; 0 when it did what it was asked
 * @param stdout   what it printed (a listing, JSON)
 * @param stderr   its complaints, such as {@code /dev/stdin:14:3-10: Error: ...}
 */
public record NftResult(int exitCode, String stdout, String stderr) {

    public NftResult {
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
