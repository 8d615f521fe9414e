package io.edgeplane.firewall.testing;

import io.edgeplane.core.testing.Interop;

import io.edgeplane.firewall.nft.NftCommand;
import io.edgeplane.firewall.nft.ProcessNftCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A network namespace of the test's own ({@code ep-fw-<random>}) with its own nftables ruleset, and nft run inside
 * it. Every nft a test runs goes through {@code ip netns exec}: the machine's own ruleset is never touched.
 */
public final class NftNamespace {

    private final Path ip;
    private final Path nft;
    private final String name;

    private NftNamespace(Path ip, Path nft, String name) {
        this.ip = ip;
        this.nft = nft;
        this.name = name;
    }

    /** Creates the namespace; skips the test (or fails it under EDGEPLANE_REQUIRE_INTEROP=1) without root, ip or nft. */
    public static NftNamespace create() throws IOException, InterruptedException {
        Interop.requireRoot();
        Path ip = Interop.requireProgram("ip", "iproute2");
        Path nft = Interop.requireProgram("nft", "nftables");
        String name = "ep-fw-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        Interop.run(List.of(ip.toString(), "netns", "add", name));
        return new NftNamespace(ip, nft, name);
    }

    public String name() {
        return name;
    }

    /** nft inside the namespace, as the applier runs it. */
    public NftCommand nft(Duration timeout) {
        return new ProcessNftCommand(List.of(ip.toString(), "netns", "exec", name, nft.toString()), timeout);
    }

    /** Runs nft with {@code args} inside the namespace; a failure is an IOException with its output. */
    public String run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ip.toString(), "netns", "exec", name, nft.toString()));
        command.addAll(List.of(args));
        return Interop.run(command);
    }

    /** nft's version line, such as {@code nftables v1.0.6 (Lester Gooch #5)}. */
    public String nftVersion() throws IOException, InterruptedException {
        return run("--version").strip();
    }

    /** Deletes the namespace, and with it everything nft put in it. */
    public void delete() throws IOException, InterruptedException {
        Interop.run(List.of(ip.toString(), "netns", "delete", name));
    }
}
