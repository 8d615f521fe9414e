package io.edgeplane.core.os.net;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Two network namespaces joined by a veth pair, built with {@code ip} for a test and deleted by {@link #close()}
 * (deleting a namespace deletes its end of the veth): {@code ep-<random>-a} holds {@code eva<random>} with
 * 198.18.0.1/24, {@code ep-<random>-b} holds {@code evb<random>} with 198.18.0.2/24, both up, IPv6 duplicate address
 * detection off so the link-local addresses are usable at once. Nothing of the host's own network is touched.
 *
 * <p>Without root, {@code ip} or namespace support the test is skipped with the reason; with
 * {@code EDGEPLANE_REQUIRE_INTEROP=1} (as {@code .ci/run} sets) it fails instead.
 */
public final class VethPair implements AutoCloseable {

    public static final String ADDRESS_A = "198.18.0.1";
    public static final String ADDRESS_B = "198.18.0.2";

    public final Libc libc;
    public final NetworkNamespace a;
    public final NetworkNamespace b;
    public final String interfaceA;
    public final String interfaceB;
    public final int ifindexA;
    public final int ifindexB;
    private final List<String> created = new ArrayList<>();

    private VethPair(Libc libc, String id) throws Exception {
        this.libc = libc;
        this.a = NetworkNamespace.named(libc, "ep-" + id + "-a");
        this.b = NetworkNamespace.named(libc, "ep-" + id + "-b");
        this.interfaceA = "eva" + id;
        this.interfaceB = "evb" + id;
        try {
            for (NetworkNamespace ns : List.of(a, b)) {
                ip("netns", "add", ns.name());
                created.add(ns.name());
                run("ip", "netns", "exec", ns.name(), "sysctl", "-q", "-w", "net.ipv6.conf.all.accept_dad=0",
                        "net.ipv6.conf.default.accept_dad=0");
            }
            ip("link", "add", interfaceA, "netns", a.name(), "type", "veth", "peer", "name", interfaceB, "netns",
                    b.name());
            ip("-n", a.name(), "addr", "add", ADDRESS_A + "/24", "dev", interfaceA);
            ip("-n", b.name(), "addr", "add", ADDRESS_B + "/24", "dev", interfaceB);
            ip("-n", a.name(), "link", "set", interfaceA, "up");
            ip("-n", b.name(), "link", "set", interfaceB, "up");
            ifindexA = a.call(() -> index(interfaceA));
            ifindexB = b.call(() -> index(interfaceB));
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private int index(String name) throws IOException {
        try (Rtnetlink rtnetlink = Rtnetlink.open(libc)) {
            return rtnetlink.link(name).orElseThrow().index();
        }
    }

    /** Builds the pair, or skips (or fails, under EDGEPLANE_REQUIRE_INTEROP=1) when this machine cannot. */
    public static VethPair create() throws Exception {
        Optional<Libc> libc = Libc.load();
        require(libc.isPresent(), "not 64-bit Linux: no Libc binding");
        require(isRoot(), "not root: namespaces and veth need it");
        require(findIp().isPresent(), "no 'ip' command (Debian package iproute2)");
        String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt() & 0xFFFFFF, 6);
        return new VethPair(libc.get(), id);
    }

    static Libc requireLibc() {
        Optional<Libc> libc = Libc.load();
        require(libc.isPresent(), "not 64-bit Linux: no Libc binding");
        return libc.get();
    }

    private static boolean isRoot() {
        try {
            return Files.readString(Path.of("/proc/self/status")).lines()
                    .anyMatch(line -> line.matches("Uid:\\s+0\\s.*"));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> findIp() {
        return Stream.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip").map(Path::of)
                .filter(Files::isExecutable).findFirst();
    }

    public static void require(boolean condition, String reason) {
        if (!condition) {
            if ("1".equals(System.getenv("EDGEPLANE_REQUIRE_INTEROP"))) {
                fail(reason + ", and EDGEPLANE_REQUIRE_INTEROP=1 forbids skipping");
            }
            Assumptions.assumeTrue(false, reason + ": skipping the network namespace test");
        }
    }

    /** Runs {@code ip args...}, failing the test with its output when it fails. */
    public static String ip(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(findIp().orElseThrow().toString());
        command.addAll(List.of(args));
        return run(command.toArray(String[]::new));
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish within 10 s");
        }
        if (process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + process.exitValue() + ": " + output);
        }
        return output;
    }

    /** Deletes both namespaces, and with them the veth pair; failures are reported after trying both. */
    @Override
    public void close() throws IOException, InterruptedException {
        IOException failure = null;
        for (String ns : created) {
            try {
                ip("netns", "delete", ns);
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        created.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
