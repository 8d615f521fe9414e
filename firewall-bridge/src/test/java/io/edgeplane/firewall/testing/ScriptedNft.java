package io.edgeplane.firewall.testing;

import io.edgeplane.firewall.nft.NftCommand;
import io.edgeplane.firewall.nft.NftException;
import io.edgeplane.firewall.nft.NftResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** An nft that answers with replies queued in advance, in order, and records what it was asked. */
public final class ScriptedNft implements NftCommand {

    /** One run: nft's arguments and what it read on stdin. */
    public record Call(List<String> arguments, Optional<String> stdin) {
    }

    private sealed interface Reply {
    }

    private record Answer(NftResult result) implements Reply {
    }

    private record Failure(NftException exception) implements Reply {
    }

    private final Deque<Reply> replies = new ArrayDeque<>();
    private final List<Call> calls = new ArrayList<>();

    public ScriptedNft then(int exitCode, String stdout, String stderr) {
        replies.add(new Answer(new NftResult(exitCode, stdout, stderr)));
        return this;
    }

    public ScriptedNft thenOk(String stdout) {
        return then(0, stdout, "");
    }

    /** What nft 1.0.6 answers to a list of a table that does not exist. */
    public ScriptedNft thenAbsent() {
        return then(1, "", Resources.text("absent.stderr"));
    }

    public ScriptedNft thenThrow(NftException exception) {
        replies.add(new Failure(exception));
        return this;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Whether every queued reply was used. */
    public boolean exhausted() {
        return replies.isEmpty();
    }

    @Override
    public NftResult run(List<String> arguments, Optional<String> stdin) throws NftException {
        calls.add(new Call(List.copyOf(arguments), stdin));
        Reply reply = replies.poll();
        if (reply == null) {
            throw new AssertionError("nft was run once more than scripted: " + arguments);
        }
        return switch (reply) {
            case Answer answer -> answer.result();
            case Failure failure -> throw failure.exception();
        };
    }
}
