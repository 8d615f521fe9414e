package io.edgeplane.gateway.firewall;

import io.edgeplane.gateway.testing.NamespaceProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.edgeplane.gateway.testing.Distribution;
import io.edgeplane.core.testing.Interop;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The packaged edgeplane running in the router's namespace ({@code ip netns exec RTR bin/edgeplane run --config
 * FILE}), where its firewall's nft acts on that namespace alone. The test talks to its admin listener from inside the
 * namespace, over loopback, with curl: reloads, {@code /healthz}, {@code /metrics}, {@code /stats.json}.
 */
final class EdgeplaneRouter implements AutoCloseable {

    /** edgeplane prints it when every service runs. */
    private static final String READY_LINE = "started in ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern DIGEST = Pattern.compile("comment \"edgeplane ruleset ([0-9a-f]{16})\"");
    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+) bytes");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FirewallLan lan;
    private final Path config;
    private final Path log;
    private NamespaceProcess process;
    /** The config text the running process has in force. */
    private String inForce;

    EdgeplaneRouter(FirewallLan lan) {
        this.lan = lan;
        this.config = lan.dir().resolve("edgeplane.yaml");
        this.log = lan.dir().resolve("edgeplane.log");
    }

    /** Skips the test, or fails it under EDGEPLANE_REQUIRE_INTEROP=1, without a packaged distribution. */
    static void requireDistribution() {
        Interop.require(Distribution.directory().isPresent(), "no edgeplane distribution under "
                + Distribution.searchPath() + " (mvn -q -o package -DskipTests builds it)");
    }

    Path config() {
        return config;
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Writes {@code config} and starts edgeplane with it; returns once every service runs. */
    void start(RouterConfig routerConfig) throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("edgeplane already runs in " + lan.routerNetns());
        }
        String text = write(routerConfig);
        process = NamespaceProcess.start("edgeplane@" + lan.routerNetns(), lan.routerNetns(),
                List.of(Distribution.launcher().toString(), "run", "--config", config.toString()), log,
                Duration.ofSeconds(10)); // a SIGTERM drains for the config's shutdown grace before edgeplane exits
        process.awaitLog(READY_LINE, START_TIMEOUT);
        inForce = text;
    }

    /**
     * Puts {@code config} in force: starts edgeplane if it does not run, reloads it if it runs another config; fails
     * if the reload is rejected.
     */
    void use(RouterConfig routerConfig) throws IOException, InterruptedException {
        if (!isRunning()) {
            start(routerConfig);
            return;
        }
        if (routerConfig.render().equals(inForce)) {
            return;
        }
        AdminAnswer answer = reload(routerConfig);
        if (answer.status() != 200) {
            throw new IOException("the reload was rejected: " + answer + "\n" + logTail(20));
        }
    }

    /** Writes {@code config} and asks for a reload ({@code POST /api/reload}); the answer, whatever it is. */
    AdminAnswer reload(RouterConfig routerConfig) throws IOException, InterruptedException {
        String text = write(routerConfig);
        AdminAnswer answer = admin("POST", "/api/reload");
        if (answer.status() == 200) {
            inForce = text;
        }
        return answer;
    }

    private String write(RouterConfig routerConfig) throws IOException {
        String text = routerConfig.render();
        Files.writeString(config, text, StandardCharsets.UTF_8);
        return text;
    }

    /** A request to the admin listener from inside the router's namespace. */
    AdminAnswer admin(String method, String path) throws IOException, InterruptedException {
        CommandRun run = lan.onRouter(REQUEST_TIMEOUT, Interop.requireProgram("curl", "curl").toString(), "-s", "-S",
                "-X", method, "-o", "-", "-w", "\n%{http_code}", "--max-time", Long.toString(REQUEST_TIMEOUT.toSeconds()),
                "http://127.0.0.1:" + RouterConfig.ADMIN_PORT + path).orThrow();
        String out = run.stdout();
        int newline = out.lastIndexOf('\n');
        return new AdminAnswer(Integer.parseInt(out.substring(newline + 1).strip()), out.substring(0, newline));
    }

    /** An answer of the admin listener. */
    record AdminAnswer(int status, String body) {

        JsonNode json() throws IOException {
            return JSON.readTree(body);
        }

        @Override
        public String toString() {
            return status + " " + body.strip();
        }
    }

    /** The value of one Prometheus series, {@code edgeplane_firewall_in_sync} or {@code name{label="v"}}. */
    OptionalDouble metric(String series) throws IOException, InterruptedException {
        AdminAnswer metrics = admin("GET", "/metrics");
        for (String line : metrics.body().lines().toList()) {
            if (line.startsWith(series + " ")) {
                return OptionalDouble.of(Double.parseDouble(line.substring(series.length() + 1).strip()));
            }
        }
        return OptionalDouble.empty();
    }

    /** The state of the one VRRP instance, as {@code /stats.json} shows it: {@code backup}, {@code master}. */
    String vrrpState() throws IOException, InterruptedException {
        return vrrpInstance().path("state").asText();
    }

    long vrrpAdvertsReceived() throws IOException, InterruptedException {
        return vrrpInstance().path("adverts_received").asLong();
    }

    private JsonNode vrrpInstance() throws IOException, InterruptedException {
        JsonNode vrrp = admin("GET", "/stats.json").json().path("vrrp");
        if (!vrrp.isArray() || vrrp.isEmpty()) {
            throw new IOException("/stats.json shows no VRRP instance: " + vrrp);
        }
        return vrrp.get(0);
    }

    /** The digest in the comment of the kernel's {@code table inet edgeplane}; empty when there is no table. */
    Optional<String> digestInKernel() throws IOException, InterruptedException {
        CommandRun list = lan.nft("list", "table", "inet", "edgeplane");
        if (!list.succeeded()) {
            return Optional.empty();
        }
        Matcher m = DIGEST.matcher(list.stdout());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The digest {@code edgeplane firewall show} prints for the config file as it is now. */
    String digestOfConfig() throws IOException, InterruptedException {
        CommandRun show = firewall("show").orThrow();
        Matcher m = DIGEST.matcher(show.stdout());
        if (!m.find()) {
            throw new IOException("no ruleset digest in " + show.describe());
        }
        return m.group(1);
    }

    /** The packets the kernel counted in {@code chain}'s deny chain ({@code input} counts {@code input_deny}). */
    long deniedInKernel(String chain) throws IOException, InterruptedException {
        CommandRun list = lan.nft("list", "chain", "inet", "edgeplane", chain + "_deny").orThrow();
        Matcher m = COUNTER.matcher(list.stdout());
        if (!m.find()) {
            throw new IOException("no counter in " + list.describe());
        }
        return Long.parseLong(m.group(1));
    }

    /** {@code bin/edgeplane firewall ARGS --config FILE} in the router's namespace. */
    CommandRun firewall(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Distribution.launcher().toString(), "firewall"));
        command.addAll(List.of(args));
        command.addAll(List.of("--config", config.toString()));
        return lan.onRouter(REQUEST_TIMEOUT, command.toArray(String[]::new));
    }

    /** SIGTERM, edgeplane's orderly stop; its exit code, or empty if it was still running after 15 s (then killed). */
    OptionalInt stop() throws IOException, InterruptedException {
        if (!isRunning()) {
            return OptionalInt.empty();
        }
        process.signal("TERM");
        OptionalInt exit = process.awaitExit(STOP_TIMEOUT);
        if (exit.isEmpty()) {
            process.stop();
        }
        inForce = null;
        return exit;
    }

    String logTail(int lines) {
        return process == null ? "(not started)" : process.logTail(lines);
    }

    String logSinceStart() throws IOException {
        return process == null ? "" : process.logSinceStart();
    }

    /** Where the log ends now, for {@link #logSince}. */
    long logMark() throws IOException {
        return Files.exists(log) ? Files.size(log) : 0;
    }

    /** What edgeplane logged after {@code mark}. */
    String logSince(long mark) throws IOException {
        byte[] all = Files.readAllBytes(log);
        int from = (int) Math.min(mark, all.length);
        return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.stop();
        }
    }
}
