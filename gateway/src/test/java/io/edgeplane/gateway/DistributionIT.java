package io.edgeplane.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged distribution, run as an operator runs it: {@code bin/edgeplane} in its own process, driven
 * with signals and curl-like requests.
 */
class DistributionIT {

    private static final Path DIST = Path.of(System.getProperty("edgeplane.dist.dir", "target/edgeplane-dist-missing"));
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        http.close();
    }

    @Test
    void runsServesHealthAndStopsWithExitZeroOnSigterm() throws Exception {
        int port = freePort();
        Path config = write("edgeplane.yaml", config("first", port));
        process = start(Map.of(), "run", "--config", config.toString());
        awaitHealthy(port);
        assertThat(get(port, "/metrics").body()).contains("edgeplane_config_reloads_total");
        assertThat(Files.readString(dir.resolve("stdout"))).contains("http://127.0.0.1:" + port + "/");

        process.destroy(); // SIGTERM
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).as("stopped within the grace period").isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("stdout"))).contains("stopped");
    }

    @Test
    void sighupWithABrokenFileKeepsTheOldConfigAndReportsEveryError() throws Exception {
        int port = freePort();
        Path config = write("edgeplane.yaml", config("first", port));
        process = start(Map.of(), "run", "--config", config.toString());
        awaitHealthy(port);

        Files.writeString(config, """
                node: { name: second, shutdown_grace: forever }
                admin:
                  listen: 127.0.0.1:%d
                  alow: [10.0.0.0/8]
                """.formatted(port));
        signal("HUP");
        String outcome = awaitReloadOutcome(port);
        assertThat(outcome).contains("\"status\" : \"rejected\"").contains("\"trigger\" : \"SIGHUP\"")
                .contains(config + ":1:").contains(config + ":4:3: admin.alow: unknown key 'alow'; did you mean 'allow'?");
        assertThat(get(port, "/api/config").body()).contains("\"name\" : \"first\"");
        assertThat(get(port, "/healthz").statusCode()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("stdout"))).contains("rejected").contains(config + ":4:3:");

        Files.writeString(config, config("second", port));
        signal("HUP");
        awaitCondition(() -> get(port, "/api/reload").body().contains("\"status\" : \"applied\""));
        assertThat(get(port, "/api/config").body()).contains("\"name\" : \"second\"");

        process.destroy();
        assertThat(process.waitFor(15, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
    }

    @Test
    void portInUseExitsOneNamingTheListener() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Path config = write("edgeplane.yaml", config("busy", taken.getLocalPort()));
            process = start(Map.of(), "run", "--config", config.toString());
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(1);
            assertThat(Files.readString(dir.resolve("stderr")))
                    .contains("edgeplane: admin: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": Address already in use");
        }
    }

    @Test
    void checkPrintsOneLinePerMistake() throws Exception {
        Path config = write("broken.yaml", """
                node:
                  shutdown_grace: 5x
                admin:
                  listen: localhost
                  deny: [300.1.1.1]
                """);
        process = start(Map.of(), "check", "--config", config.toString());
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(1);
        List<String> lines = Files.readAllLines(dir.resolve("stdout"));
        assertThat(lines).hasSize(3).allSatisfy(line -> assertThat(line).matches("\\Q" + config + "\\E:\\d+:\\d+: .+"));
        assertThat(lines.get(0)).startsWith(config + ":2:19: node.shutdown_grace:");
        assertThat(lines.get(1)).startsWith(config + ":4:11: admin.listen:");
        assertThat(lines.get(2)).startsWith(config + ":5:10: admin.deny[0]:");
    }

    @Test
    void findsJdk25EvenWhenJavaHomeIsUnusable() throws Exception {
        process = start(Map.of("JAVA_HOME", dir.resolve("no-jdk-here").toString()), "version");
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(dir.resolve("stdout"))).startsWith("edgeplane ").contains("java 25");
    }

    private static String config(String name, int port) {
        return """
                node: { name: %s, shutdown_grace: 5s }
                admin:
                  listen: 127.0.0.1:%d
                """.formatted(name, port);
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private Process start(Map<String, String> env, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>();
        command.add(DIST.resolve("bin/edgeplane").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("stdout").toFile())
                .redirectError(dir.resolve("stderr").toFile());
        builder.environment().putAll(env);
        builder.environment().remove("EDGEPLANE_JAVA_OPTS");
        return builder.start();
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void awaitHealthy(int port) throws Exception {
        awaitCondition(() -> get(port, "/healthz").statusCode() == 200);
    }

    private String awaitReloadOutcome(int port) throws Exception {
        awaitCondition(() -> get(port, "/api/reload").body().contains("\"trigger\""));
        return get(port, "/api/reload").body();
    }

    interface Probe {
        boolean holds() throws Exception;
    }

    private void awaitCondition(Probe probe) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            assertThat(process.isAlive()).as("edgeplane is running; stderr: %s", Files.readString(dir.resolve("stderr"))).isTrue();
            try {
                if (probe.holds()) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("condition not met within " + WAIT + "; stdout: " + Files.readString(dir.resolve("stdout")), last);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
