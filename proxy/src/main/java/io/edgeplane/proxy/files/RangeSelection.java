package io.edgeplane.proxy.files;

/** What a {@code Range} header asks of a representation of a known size: one {@link ByteRange}, or not. */
sealed interface RangeSelection permits ByteRange, RangeSelection.Whole {

    /** No single satisfiable range. */
    enum Whole implements RangeSelection {
        /** No header, a header that does not parse, another unit, or several ranges: send everything (200). */
        IGNORED,
        /** A well-formed single range that lies wholly past the end: 416. */
        UNSATISFIABLE
    }
}
