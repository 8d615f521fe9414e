package io.edgeplane.config.yaml;

/** A position in a config source: 1-based line and column, as editors count them. */
public record Mark(int line, int column) {

    /** Where nothing more precise is known: the start of the file. */
    public static final Mark START = new Mark(1, 1);

    public Mark {
        if (line < 1 || column < 1) {
            throw new IllegalArgumentException("line and column start at 1, got " + line + ":" + column);
        }
    }

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
