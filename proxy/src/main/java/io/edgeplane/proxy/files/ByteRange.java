package io.edgeplane.proxy.files;

import io.edgeplane.proxy.files.RangeSelection.Whole;

/**
 * One satisfiable byte range of a representation (RFC 9110 §14.1.2), and the parser of the {@code Range}
 * header that finds it.
 *
 * <p>Only a single range is served. A header with several ranges is answered with the whole representation
 * (200), which RFC 9110 §14.2 allows ("a server MAY ignore the Range header field"): it keeps
 * {@code multipart/byteranges} out, and with it the many-small-overlapping-ranges amplification attack.
 * A header that does not parse, or names another unit, is ignored the same way.
 *
 * @param first the first byte's offset
 * @param last  the last byte's offset, inclusive; below the representation's size
 */
record ByteRange(long first, long last) implements RangeSelection {

    ByteRange {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("byte range " + first + "-" + last + " is not first <= last, first >= 0");
        }
    }

    long length() {
        return last - first + 1;
    }

    /** The Content-Range value of a 206 for a representation of {@code size} bytes. */
    String contentRange(long size) {
        return "bytes " + first + '-' + last + '/' + size;
    }

    /** The Content-Range value of a 416. */
    static String unsatisfiedRange(long size) {
        return "bytes */" + size;
    }

    /** The range {@code header} (may be null) selects from {@code size} bytes. */
    static RangeSelection parse(String header, long size) {
        if (header == null) {
            return Whole.IGNORED;
        }
        int equals = header.indexOf('=');
        if (equals < 0 || !header.substring(0, equals).strip().equalsIgnoreCase("bytes")) {
            return Whole.IGNORED;
        }
        String spec = null;
        int start = equals + 1;
        while (start <= header.length()) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? header.length() : comma;
            String element = header.substring(start, end).strip();
            if (!element.isEmpty()) {
                if (spec != null) {
                    return Whole.IGNORED;
                }
                spec = element;
            }
            start = end + 1;
        }
        return spec == null ? Whole.IGNORED : select(spec, size);
    }

    private static RangeSelection select(String spec, long size) {
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Whole.IGNORED;
        }
        if (dash == 0) {
            // bytes=-n: the last n bytes, or all of them if there are fewer.
            long suffix = digits(spec, 1, spec.length());
            if (suffix < 0) {
                return Whole.IGNORED;
            }
            if (suffix == 0 || size == 0) {
                return Whole.UNSATISFIABLE;
            }
            return new ByteRange(Math.max(0, size - suffix), size - 1);
        }
        long first = digits(spec, 0, dash);
        long last = dash == spec.length() - 1 ? Long.MAX_VALUE : digits(spec, dash + 1, spec.length());
        if (first < 0 || last < 0 || last < first) {
            return Whole.IGNORED;
        }
        if (first >= size) {
            return Whole.UNSATISFIABLE;
        }
        return new ByteRange(first, Math.min(last, size - 1));
    }

    /** The decimal in {@code s[from, to)}, saturating at Long.MAX_VALUE; -1 if it is empty or not digits. */
    private static long digits(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : value * 10 + (c - '0');
        }
        return value;
    }
}
