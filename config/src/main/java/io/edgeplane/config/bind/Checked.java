package io.edgeplane.config.bind;

/**
 * A config record with rules beyond its types (ranges, references between keys, combinations that make
 * no sense). The binder calls {@link #check} once the record is built, so problems point at the key.
 */
public interface Checked {

    void check(Checks checks);
}
