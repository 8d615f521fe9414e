package io.edgeplane.proxy.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.edgeplane.proxy.files.FileRequestResolver.DirectoryWithoutSlash;
import io.edgeplane.proxy.files.FileRequestResolver.Found;
import io.edgeplane.proxy.files.FileRequestResolver.Refusal;
import io.edgeplane.proxy.files.FileRequestResolver.Resolution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileRequestResolverTest {

    @TempDir
    Path tmp;
    Path root;
    FileRequestResolver resolver;

    @BeforeEach
    void tree() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
        Files.writeString(tmp.resolve("secret.txt"), "TOP SECRET");
        Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(tmp.resolve("outside/passwd"), "root:x:0:0");
        Files.writeString(root.resolve("a.txt"), "hello");
        Files.writeString(root.resolve(".hidden"), "dotfile");
        Files.createDirectories(root.resolve("dir/sub"));
        Files.writeString(root.resolve("dir/index.html"), "<h1>dir</h1>");
        Files.createDirectory(root.resolve("%2e%2e"));
        Files.writeString(root.resolve("%2e%2e/x"), "literal");
        Files.createSymbolicLink(root.resolve("inside-link.txt"), root.resolve("a.txt"));
        Files.createSymbolicLink(root.resolve("escape-link.txt"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("relative-escape.txt"), Path.of("../secret.txt"));
        Files.createSymbolicLink(root.resolve("escape-dir"), tmp.resolve("outside"));
        resolver = new FileRequestResolver(root, List.of("index.html"));
    }

    @Test
    void findsAFileWithItsValidatorsAndType() throws IOException {
        Found found = found("/a.txt");
        assertThat(found.file().size()).isEqualTo(5);
        assertThat(found.file().contentType()).isEqualTo("text/plain; charset=utf-8");
        assertThat(found.file().lastModified())
                .isEqualTo(Files.getLastModifiedTime(root.resolve("a.txt")).toMillis() / 1000);
        assertThat(read(found)).isEqualTo("hello");
    }

    @Test
    void directoryWithSlashServesItsIndex() throws IOException {
        Found found = found("/dir/");
        assertThat(found.file().contentType()).isEqualTo("text/html; charset=utf-8");
        assertThat(read(found)).isEqualTo("<h1>dir</h1>");
    }

    @Test
    void indexFilesAreTriedInOrder() throws IOException {
        Files.writeString(root.resolve("dir/index.htm"), "htm");
        resolver = new FileRequestResolver(root, List.of("missing.html", "index.htm", "index.html"));
        assertThat(read(found("/dir/"))).isEqualTo("htm");
    }

    @Test
    void directoryWithoutSlashIsRedirected() {
        assertThat(resolver.resolve("/dir")).isEqualTo(DirectoryWithoutSlash.INSTANCE);
        assertThat(resolver.resolve("/dir/sub")).isEqualTo(DirectoryWithoutSlash.INSTANCE);
    }

    @Test
    void directoryWithoutIndexIsNotListed() {
        assertThat(resolver.resolve("/dir/sub/")).isEqualTo(Refusal.NOT_FOUND);
        assertThat(resolver.resolve("/")).isEqualTo(Refusal.NOT_FOUND);
    }

    @Test
    void missingFilesAreNotFound() {
        assertThat(resolver.resolve("/nope.txt")).isEqualTo(Refusal.NOT_FOUND);
        assertThat(resolver.resolve("/nope/a.txt")).isEqualTo(Refusal.NOT_FOUND);
        assertThat(resolver.resolve("/a.txt/")).isEqualTo(Refusal.NOT_FOUND);
        assertThat(resolver.resolve("/a.txt/x")).isEqualTo(Refusal.NOT_FOUND);
    }

    @Test
    void hiddenFilesAreServed() throws IOException {
        assertThat(read(found("/.hidden"))).isEqualTo("dotfile");
    }

    @Test
    void symlinksInsideTheRootAreFollowedAndTypedByTheRequestedName() throws IOException {
        Found found = found("/inside-link.txt");
        assertThat(read(found)).isEqualTo("hello");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/escape-link.txt", "/relative-escape.txt", "/escape-dir/passwd", "/escape-dir/",
            "/escape-dir", "/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2E%2E%2Fsecret.txt",
            "/dir/../../secret.txt", "/dir/%2e%2e/%2e%2e/outside/passwd", "/.%2e/outside/passwd"})
    void nothingOutsideTheRootLeaks(String raw) {
        assertThat(resolver.resolve(raw)).isEqualTo(Refusal.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/secret.txt%00.html", "/a.txt%00", "/..\\secret.txt", "/..%5csecret.txt",
            "/%c0%ae%c0%ae/secret.txt", "/%", "secret.txt"})
    void malformedPathsAreBadRequests(String raw) {
        assertThat(resolver.resolve(raw)).isEqualTo(Refusal.BAD_REQUEST);
    }

    @Test
    void doubleEncodingIsALiteralName() throws IOException {
        assertThat(read(found("/%252e%252e/x"))).isEqualTo("literal");
        assertThat(resolver.resolve("/%252e%252e/secret.txt")).isEqualTo(Refusal.NOT_FOUND);
        assertThat(resolver.resolve("/%252e%252e/%252e%252e/secret.txt")).isEqualTo(Refusal.NOT_FOUND);
    }

    @Test
    void indexThatLeadsOutsideIsNotServed() throws IOException {
        Path site = Files.createDirectory(root.resolve("site"));
        Files.createSymbolicLink(site.resolve("index.html"), tmp.resolve("secret.txt"));
        assertThat(resolver.resolve("/site/")).isEqualTo(Refusal.NOT_FOUND);
    }

    @Test
    void specialFilesAreNotServed() throws Exception {
        Path fifo = root.resolve("pipe");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeFalse(true, "no mkfifo here");
            return;
        }
        assumeFalse(mkfifo.waitFor() != 0, "mkfifo failed");
        // Opening a FIFO would block until a writer came; it must not be opened at all.
        assertThat(resolver.resolve("/pipe")).isEqualTo(Refusal.NOT_FOUND);
    }

    @Test
    void aRootSymlinkSwappedToANewReleaseIsFollowed() throws IOException {
        Path one = Files.createDirectory(tmp.resolve("release-1"));
        Path two = Files.createDirectory(tmp.resolve("release-2"));
        Files.writeString(one.resolve("app.js"), "one");
        Files.writeString(two.resolve("app.js"), "two");
        Files.createSymbolicLink(two.resolve("old.js"), one.resolve("app.js"));
        Path current = Files.createSymbolicLink(tmp.resolve("current"), one);
        resolver = new FileRequestResolver(current, List.of("index.html"));
        assertThat(read(found("/app.js"))).isEqualTo("one");

        Files.delete(current);
        Files.createSymbolicLink(current, two);

        assertThat(read(found("/app.js"))).isEqualTo("two");
        // The old release is outside the root now.
        assertThat(resolver.resolve("/old.js")).isEqualTo(Refusal.NOT_FOUND);
    }

    @Test
    void aRootThatAppearsLaterIsServed() throws IOException {
        Path later = tmp.resolve("later");
        resolver = new FileRequestResolver(later, List.of("index.html"));
        assertThat(resolver.resolve("/a.txt")).isEqualTo(Refusal.NOT_FOUND);
        Files.createDirectory(later);
        Files.writeString(later.resolve("a.txt"), "now");
        assertThat(read(found("/a.txt"))).isEqualTo("now");
    }

    private Found found(String raw) {
        Resolution resolution = resolver.resolve(raw);
        assertThat(resolution).isInstanceOf(Found.class);
        return (Found) resolution;
    }

    private static String read(Found found) throws IOException {
        try (var channel = found.channel()) {
            ByteBuffer buffer = ByteBuffer.allocate((int) channel.size());
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // read all
            }
            return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
        }
    }
}
