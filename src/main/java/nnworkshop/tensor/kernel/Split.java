package nnworkshop.tensor.kernel;

/** Even splits of a range of output tiles into chunks, so every chunk's output is disjoint. */
final class Split {

    private Split() {
    }

    /** First tile of {@code part} when {@code tiles} tiles are split among {@code parts} parts. */
    static int start(int tiles, int part, int parts) {
        return (int) ((long) tiles * part / parts);
    }

    /** Number of tiles of size {@code tile} that cover {@code size} (the last may be partial). */
    static int tiles(int size, int tile) {
        return (size + tile - 1) / tile;
    }

    /**
     * That {@code x} holds a (rows, n) matrix from element {@code x0}: else an
     * IllegalArgumentException naming the operand ({@code name}).
     */
    static void checkOperand(String name, float[] x, int x0, int rows, int n) {
        if (x0 < 0) throw new IllegalArgumentException(name + ": negative offset " + x0);
        if (x.length - (long) x0 < (long) rows * n) {
            throw new IllegalArgumentException(name + " holds " + x.length + " floats, needs (" + rows + ", " + n
                    + ") from " + x0);
        }
    }

    static void checkSizes(int m, int n, int k) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative size: m=" + m + ", n=" + n + ", k=" + k);
        }
    }
}
