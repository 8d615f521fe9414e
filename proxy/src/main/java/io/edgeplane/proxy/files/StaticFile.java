package io.edgeplane.proxy.files;

import io.netty.handler.codec.DateFormatter;
import java.util.Date;

/**
 * What a response says about a file that was found: its size, its validators and its type.
 *
 * @param size          bytes
 * @param lastModified  the modification time in whole seconds since the epoch (HTTP dates have no finer unit)
 * @param etag          the quoted, strong entity tag
 * @param contentType   the Content-Type value
 */
record StaticFile(long size, long lastModified, String etag, String contentType) {

    /**
     * A file of {@code size} bytes last modified at {@code lastModifiedMillis}. The ETag is nginx's,
     * {@code "<hex mtime seconds>-<hex size>"}, so caches that revalidated against nginx keep their entries
     * when edgeplane takes its place.
     */
    static StaticFile of(long size, long lastModifiedMillis, String contentType) {
        long seconds = Math.floorDiv(lastModifiedMillis, 1000);
        String etag = '"' + Long.toHexString(seconds) + '-' + Long.toHexString(size) + '"';
        return new StaticFile(size, seconds, etag, contentType);
    }

    /** Last-Modified as an IMF-fixdate (RFC 1123, GMT). */
    String lastModifiedHttpDate() {
        return DateFormatter.format(new Date(lastModified * 1000));
    }
}
