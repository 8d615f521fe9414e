package io.edgeplane.proxy.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.proxy.files.ParsedPath.Rejected;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilePathTest {

    @Test
    void plainPaths() {
        assertThat(FilePath.parse("/")).isEqualTo(new FilePath("", true));
        assertThat(FilePath.parse("/a.txt")).isEqualTo(new FilePath("a.txt", false));
        assertThat(FilePath.parse("/dir/")).isEqualTo(new FilePath("dir", true));
        assertThat(FilePath.parse("/dir/sub/file.css")).isEqualTo(new FilePath("dir/sub/file.css", false));
        assertThat(FilePath.parse("/.well-known/x")).isEqualTo(new FilePath(".well-known/x", false));
    }

    @Test
    void dotSegmentsAndEmptySegmentsAreRemoved() {
        assertThat(FilePath.parse("/a/./b//c")).isEqualTo(new FilePath("a/b/c", false));
        assertThat(FilePath.parse("/a/b/../c")).isEqualTo(new FilePath("a/c", false));
        assertThat(FilePath.parse("//a///")).isEqualTo(new FilePath("a", true));
        assertThat(FilePath.parse("/a/.")).isEqualTo(new FilePath("a", true));
        assertThat(FilePath.parse("/a/b/..")).isEqualTo(new FilePath("a", true));
        assertThat(FilePath.parse("/a/..")).isEqualTo(new FilePath("", true));
    }

    @Test
    void percentEncodingIsDecodedOnceAsUtf8() {
        assertThat(FilePath.parse("/hello%20world.txt")).isEqualTo(new FilePath("hello world.txt", false));
        assertThat(FilePath.parse("/caf%C3%A9.html")).isEqualTo(new FilePath("café.html", false));
        assertThat(FilePath.parse("/a%2Fb")).isEqualTo(new FilePath("a/b", false));
        // Double encoding stays literal: the name is "%2e%2e", not "..".
        assertThat(FilePath.parse("/%252e%252e/x")).isEqualTo(new FilePath("%2e%2e/x", false));
    }

    @Test
    void rawNonAsciiBytesAreUtf8() {
        // How the HTTP decoder hands over a request line with raw UTF-8 bytes: one char per byte.
        String raw = new String("/café".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(FilePath.parse(raw)).isEqualTo(new FilePath("café", false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/..", "/../etc/passwd", "/a/../../etc/passwd", "/%2e%2e/etc/passwd", "/%2E%2E/x",
            "/..%2fetc/passwd", "/..%2Fx", "/a/%2e%2e/%2e%2e/x", "/.%2e/x", "/a/..%2f..%2fx"})
    void escapingTheRootIsRefused(String raw) {
        assertThat(FilePath.parse(raw)).isEqualTo(Rejected.OUTSIDE_ROOT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a.txt", "*", "/a%00.txt", "/a\u0000b", "/a%", "/a%2", "/a%zz", "/a%2g",
            "/..\\etc", "/a%5cb", "/a%5Cb", "/%c0%ae%c0%ae/x", "/%ff", "/%e9", "/%ed%a0%80", "/\u0100"})
    void malformedPathsAreRefused(String raw) {
        assertThat(FilePath.parse(raw)).isEqualTo(Rejected.MALFORMED);
    }

    @Test
    void nameIsTheLastSegment() {
        assertThat(new FilePath("a/b/c.txt", false).name()).isEqualTo("c.txt");
        assertThat(new FilePath("c.txt", false).name()).isEqualTo("c.txt");
    }
}
