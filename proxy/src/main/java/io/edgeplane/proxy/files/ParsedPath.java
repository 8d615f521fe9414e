package io.edgeplane.proxy.files;

/** What parsing a request path gives: a {@link FilePath} to look up, or why there is nothing to look up. */
sealed interface ParsedPath permits FilePath, ParsedPath.Rejected {

    /** A path that is not served. */
    enum Rejected implements ParsedPath {
        /** Not a path: bad percent-encoding or UTF-8, a NUL, a backslash, no leading '/'. Answered 400. */
        MALFORMED,
        /** More {@code ..} than there are segments above them: outside the root. Answered 404. */
        OUTSIDE_ROOT
    }
}
