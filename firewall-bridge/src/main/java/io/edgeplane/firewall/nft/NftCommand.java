package io.edgeplane.firewall.nft;

import java.util.List;
import java.util.Optional;

/**
 * The nft program: runs it with arguments and, optionally, a script on its standard input. A non-zero exit is not an
 * exception but a result, since nft's refusals are answers to read ({@link NftErrors}); only not getting an answer is.
 */
public interface NftCommand {

    /**
     * Runs nft to its end.
     *
     * @param arguments what follows the program, such as {@code -j list table inet edgeplane} or {@code -f -}
     * @param stdin     what nft reads on its standard input; empty closes it at once
     * @throws NftException if nft could not be started, did not finish in time, or the wait was interrupted
     */
    NftResult run(List<String> arguments, Optional<String> stdin) throws NftException;
}
