package io.edgeplane.proxy.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "index.html|text/html; charset=utf-8",
            "old.htm|text/html; charset=utf-8",
            "site.css|text/css; charset=utf-8",
            "app.js|text/javascript; charset=utf-8",
            "module.mjs|text/javascript; charset=utf-8",
            "data.json|application/json",
            "app.js.map|application/json",
            "notes.txt|text/plain; charset=utf-8",
            "table.csv|text/csv; charset=utf-8",
            "README.md|text/markdown; charset=utf-8",
            "feed.xml|application/xml",
            "logo.svg|image/svg+xml",
            "a.png|image/png",
            "a.jpg|image/jpeg",
            "a.jpeg|image/jpeg",
            "a.gif|image/gif",
            "a.webp|image/webp",
            "a.avif|image/avif",
            "favicon.ico|image/x-icon",
            "f.woff|font/woff",
            "f.woff2|font/woff2",
            "f.ttf|font/ttf",
            "f.otf|font/otf",
            "doc.pdf|application/pdf",
            "m.wasm|application/wasm",
            "v.mp4|video/mp4",
            "v.webm|video/webm",
            "s.mp3|audio/mpeg",
            "a.zip|application/zip",
            "a.tar.gz|application/gzip",
            "a.tar|application/x-tar",
    })
    void knownExtensions(String name, String type) {
        assertThat(ContentTypes.of(name)).isEqualTo(type);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"PHOTO.JPG|image/jpeg", "Index.Html|text/html; charset=utf-8"})
    void extensionsCompareWithoutCase(String name, String type) {
        assertThat(ContentTypes.of(name)).isEqualTo(type);
    }

    @ParameterizedTest
    @CsvSource({"Makefile", "archive.7z", "trailing.", "script.php", ".htaccess", "''"})
    void unknownIsOctetStream(String name) {
        assertThat(ContentTypes.of(name)).isEqualTo("application/octet-stream");
    }
}
