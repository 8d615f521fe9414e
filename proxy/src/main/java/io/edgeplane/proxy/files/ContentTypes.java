package io.edgeplane.proxy.files;

import java.util.Locale;
import java.util.Map;

/**
 * Content-Type by file extension: the common web types, with {@code charset=utf-8} on text so a browser
 * does not guess; anything else is {@code application/octet-stream}, which a browser downloads rather
 * than sniffs and renders. XML and JSON carry no charset: XML declares its own, JSON is always UTF-8.
 */
final class ContentTypes {

    static final String DEFAULT = "application/octet-stream";

    private static final String UTF8 = "; charset=utf-8";

    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("html", "text/html" + UTF8),
            Map.entry("htm", "text/html" + UTF8),
            Map.entry("css", "text/css" + UTF8),
            // RFC 9239: text/javascript is the one JavaScript type; ES modules need a JavaScript type to load.
            Map.entry("js", "text/javascript" + UTF8),
            Map.entry("mjs", "text/javascript" + UTF8),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("txt", "text/plain" + UTF8),
            Map.entry("csv", "text/csv" + UTF8),
            Map.entry("md", "text/markdown" + UTF8),
            Map.entry("xml", "application/xml"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("avif", "image/avif"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff", "font/woff"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("ttf", "font/ttf"),
            Map.entry("otf", "font/otf"),
            Map.entry("pdf", "application/pdf"),
            // Browsers compile WebAssembly while it streams only when it is served as application/wasm.
            Map.entry("wasm", "application/wasm"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("webm", "video/webm"),
            Map.entry("mp3", "audio/mpeg"),
            Map.entry("zip", "application/zip"),
            Map.entry("gz", "application/gzip"),
            Map.entry("tar", "application/x-tar"));

    private ContentTypes() {
    }

    /** The type for a file name, by what follows its last dot, compared without case. */
    static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return DEFAULT;
        }
        String extension = fileName.substring(dot + 1);
        String type = BY_EXTENSION.get(extension);
        if (type == null && !extension.equals(extension.toLowerCase(Locale.ROOT))) {
            type = BY_EXTENSION.get(extension.toLowerCase(Locale.ROOT));
        }
        return type == null ? DEFAULT : type;
    }
}
