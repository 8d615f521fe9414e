package io.edgeplane.proxy.stats;

/**
 * Answers by status class. {@code other} counts what fits no class: an upstream that failed before any
 * status (HAProxy's "other" column).
 */
public record StatusCounts(long informational, long success, long redirection, long clientError, long serverError,
                           long other) {

    public static final StatusCounts NONE = new StatusCounts(0, 0, 0, 0, 0, 0);

    public long total() {
        return informational + success + redirection + clientError + serverError + other;
    }
}
