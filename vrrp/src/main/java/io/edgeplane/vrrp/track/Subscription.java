package io.edgeplane.vrrp.track;

/** A registration that {@link #close()} ends; closing twice is harmless and never throws. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    @Override
    void close();
}
