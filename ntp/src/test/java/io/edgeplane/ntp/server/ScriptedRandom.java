package io.edgeplane.ntp.server;

import java.util.random.RandomGenerator;

/**
 * Draws that a test chooses: {@link #nextInt()} returns the given values in turn, round and round. 0 passes any
 * 1-in-2^n draw, -1 fails it.
 */
final class ScriptedRandom implements RandomGenerator {

    static final int PASS = 0;
    static final int FAIL = -1;

    private final int[] ints;
    private int next;

    ScriptedRandom(int... ints) {
        this.ints = ints.clone();
    }

    @Override
    public int nextInt() {
        int value = ints[next];
        next = (next + 1) % ints.length;
        return value;
    }

    @Override
    public long nextLong() {
        return 0x5EED_5EED_5EED_5EEDL;
    }
}
