package io.edgeplane.firewall.nft;

import java.time.Duration;

/**
 * How the firewall reaches nft: the real program ({@link ProcessNftCommand#forProgram}), or in tests one that runs
 * inside a namespace or answers from a script.
 */
@FunctionalInterface
public interface NftAccess {

    /**
     * @param program the {@code firewall.nft} setting: a name looked up on the PATH, or a path
     * @param timeout how long one run may take
     * @throws NftException if there is no such program
     */
    NftCommand command(String program, Duration timeout) throws NftException;

    /** The nft program of this machine. */
    static NftAccess system() {
        return ProcessNftCommand::forProgram;
    }
}
