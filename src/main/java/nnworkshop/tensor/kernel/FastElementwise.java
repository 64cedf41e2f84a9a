package nnworkshop.tensor.kernel;

/**
 * The element-wise loops the training step runs on every batch, at their fastest on this JVM:
 * {@link VectorElementwise} when the Vector API module is present, else the reference loops of
 * {@link Elementwise}. Same arguments and contracts as {@link Elementwise}; the tests check the
 * fast versions against the reference.
 *
 * <p>Arrays of fewer than {@value #MIN_VECTOR} elements take the reference loops: they gain little
 * from vectors, and Vector API code allocates a box per operation until C2 has compiled it, which a
 * rarely called small loop may never be (the training loop of a small model would then allocate).
 *
 * <p><b>Warm-up.</b> Vector API code runs a hundred times slower than the plain loops until C2 has
 * compiled it, and a loop called once per training step takes many steps to get there. So each
 * loop starts "cold": the Vector API version does a small sample of the work (which gets it
 * compiled) and the reference loop the rest, and the sample is timed; once the sample runs at
 * compiled speed, the vector version does everything. Both give the same bits, so results do not
 * depend on when the switch happens (nor on the timing that decides it).
 */
public final class FastElementwise {
    /** Whether the Vector API versions are used. */
    public static final boolean VECTOR = Kernels.vectorApiAvailable();

    /** Elements below which the reference loops are used. */
    static final int MIN_VECTOR = 4096;

    private static final int RELU_F = 0, RELU_B = 1, GATHER = 2, SCAN = 3;
    /** Per loop: its Vector API version has run at compiled speed (a benign race: only speed depends on it). */
    private static final boolean[] WARM = new boolean[4];
    /** The sample of a cold loop: elements (ReLU), rows (gather), blocks of columns (the column scan). */
    private static final int SAMPLE = 1024, SAMPLE_ROWS = 4, SAMPLE_BLOCKS = 8;
    /** Compiled speed: below this many nanoseconds per element the sample counts as warm. */
    private static final double WARM_NS_PER_ELEMENT = 0.4;

    /** Records a timed sample of {@code elements} elements of loop {@code op}. */
    private static void sample(int op, long nanos, int elements) {
        if (nanos < WARM_NS_PER_ELEMENT * elements) WARM[op] = true;
    }

    private FastElementwise() {
    }

    /** See {@link Elementwise#reluForward}. */
    public static void reluForward(float[] z, float[] a, int n) {
        if (!VECTOR || n < MIN_VECTOR) {
            Elementwise.reluForward(z, a, n);
        } else if (WARM[RELU_F]) {
            VectorElementwise.reluForward(z, a, n);
        } else {
            long t0 = System.nanoTime();
            VectorElementwise.reluForward(z, a, SAMPLE);
            sample(RELU_F, System.nanoTime() - t0, SAMPLE);
            Elementwise.reluForward(z, a, SAMPLE, n);
        }
    }

    /** See {@link Elementwise#reluBackward}. */
    public static void reluBackward(float[] z, float[] dA, float[] dZ, int n) {
        if (!VECTOR || n < MIN_VECTOR) {
            Elementwise.reluBackward(z, dA, dZ, n);
        } else if (WARM[RELU_B]) {
            VectorElementwise.reluBackward(z, dA, dZ, n);
        } else {
            long t0 = System.nanoTime();
            VectorElementwise.reluBackward(z, dA, dZ, SAMPLE);
            sample(RELU_B, System.nanoTime() - t0, SAMPLE);
            Elementwise.reluBackward(z, dA, dZ, SAMPLE, n);
        }
    }

    /** See {@link Elementwise#sumRows} (summed in float here, not double). */
    public static void sumRows(float[] a, int rows, int cols, float[] out) {
        if (VECTOR && rows * cols >= MIN_VECTOR) {
            VectorElementwise.sumRows(a, rows, cols, out);
        } else {
            Elementwise.sumRows(a, rows, cols, out);
        }
    }

    /** See {@link Elementwise#nonZeroColumns}. */
    public static int nonZeroColumns(float[] a, int rows, int cols, int[] act) {
        if (!VECTOR || rows * cols < MIN_VECTOR) {
            return Elementwise.nonZeroColumns(a, rows, cols, act);
        }
        int sample = VectorElementwise.columnBlock() * SAMPLE_BLOCKS;
        if (WARM[SCAN] || cols <= sample) {
            return VectorElementwise.nonZeroColumns(a, rows, cols, act);
        }
        long t0 = System.nanoTime();
        int count = VectorElementwise.nonZeroColumns(a, rows, cols, sample, act);
        sample(SCAN, System.nanoTime() - t0, rows * sample);
        return Elementwise.nonZeroColumns(a, rows, cols, sample, act, count);
    }

    /** See {@link Elementwise#gatherBytes}. */
    public static void gatherBytes(byte[] src, int d, int[] rows, int from, int count, float[] dst, float scale,
                                   float shift) {
        gatherBytes(src, d, rows, from, count, dst, 0, scale, shift);
    }

    /** See {@link Elementwise#gatherBytes(byte[], int, int[], int, int, float[], int, float, float)}. */
    public static void gatherBytes(byte[] src, int d, int[] rows, int from, int count, float[] dst, int dstOff,
                                   float scale, float shift) {
        if (!VECTOR || count * d < MIN_VECTOR) {
            Elementwise.gatherBytes(src, d, rows, from, count, dst, dstOff, scale, shift);
        } else if (WARM[GATHER] || count <= SAMPLE_ROWS) {
            VectorElementwise.gatherBytes(src, d, rows, from, count, dst, dstOff, scale, shift);
        } else {
            long t0 = System.nanoTime();
            VectorElementwise.gatherBytes(src, d, rows, from, SAMPLE_ROWS, dst, dstOff, scale, shift);
            sample(GATHER, System.nanoTime() - t0, SAMPLE_ROWS * d);
            for (int r = SAMPLE_ROWS; r < count; r++) {
                Elementwise.bytesToFloats(src, rows[from + r] * d, dst, dstOff + r * d, d, scale, shift);
            }
        }
    }
}
