package io.edgeplane.gateway.stats;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless: loads a page as a browser does (parsing, CSS, the page's own rules such as its
 * Content-Security-Policy) and gives back the DOM it built, or a screenshot. Missing, the test skips, unless
 * {@code EDGEPLANE_REQUIRE_INTEROP=1} (as {@code .ci/run} sets) makes that a failure.
 */
final class HeadlessChromium {

    private static final long TIMEOUT_SECONDS = 60;

    private final Path program;
    private final Path profile;

    private HeadlessChromium(Path program, Path profile) {
        this.program = program;
        this.profile = profile;
    }

    static HeadlessChromium find(Path scratch) {
        Optional<Path> found = Stream.of("chromium", "chromium-browser", "google-chrome")
                .flatMap(name -> Stream.of(System.getenv().getOrDefault("PATH", "").split(":")).map(dir -> Path.of(dir, name)))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            String message = "chromium is not installed (Debian package chromium)";
            if ("1".equals(System.getenv("EDGEPLANE_REQUIRE_INTEROP"))) {
                fail(message + ", and EDGEPLANE_REQUIRE_INTEROP=1 forbids skipping");
            }
            Assumptions.abort(message + "; skipping the browser test");
        }
        return new HeadlessChromium(found.get(), scratch.resolve("chromium-profile"));
    }

    /** The DOM of {@code url} once loaded, serialised. */
    String dom(String url) throws IOException, InterruptedException {
        return run(List.of("--dump-dom", url));
    }

    /** Saves a screenshot of {@code url}, {@code width} × {@code height}, as PNG at {@code file}. */
    void screenshot(String url, Path file, int width, int height) throws IOException, InterruptedException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        run(List.of("--window-size=" + width + "," + height, "--hide-scrollbars", "--screenshot=" + file.toAbsolutePath(), url));
        if (!Files.isRegularFile(file) || Files.size(file) == 0) {
            fail("chromium wrote no screenshot to " + file);
        }
    }

    private String run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-first-run", "--disable-extensions", "--disable-sync",
                // Nothing but the page under test: no component updates, no safe-browsing lookups.
                "--disable-background-networking", "--disable-component-update",
                "--user-data-dir=" + profile));
        command.addAll(arguments);
        Path errors = Files.createTempFile("chromium", ".log");
        Process chromium = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        byte[] out = chromium.getInputStream().readAllBytes();
        if (!chromium.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            chromium.destroyForcibly();
            fail("chromium did not finish within " + TIMEOUT_SECONDS + "s");
        }
        if (chromium.exitValue() != 0) {
            fail("chromium exited with " + chromium.exitValue() + ": " + Files.readString(errors));
        }
        Files.deleteIfExists(errors);
        return new String(out, StandardCharsets.UTF_8);
    }
}
