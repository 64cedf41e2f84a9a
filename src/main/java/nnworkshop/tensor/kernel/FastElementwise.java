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
 */
public final class FastElementwise {
    /** Whether the Vector API versions are used. */
    public static final boolean VECTOR = Kernels.vectorApiAvailable();

    /** Elements below which the reference loops are used. */
    static final int MIN_VECTOR = 4096;

    private FastElementwise() {
    }

    /** See {@link Elementwise#reluForward}. */
    public static void reluForward(float[] z, float[] a, int n) {
        if (VECTOR && n >= MIN_VECTOR) {
            VectorElementwise.reluForward(z, a, n);
        } else {
            Elementwise.reluForward(z, a, n);
        }
    }

    /** See {@link Elementwise#reluBackward}. */
    public static void reluBackward(float[] z, float[] dA, float[] dZ, int n) {
        if (VECTOR && n >= MIN_VECTOR) {
            VectorElementwise.reluBackward(z, dA, dZ, n);
        } else {
            Elementwise.reluBackward(z, dA, dZ, n);
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
        if (VECTOR && rows * cols >= MIN_VECTOR) {
            return VectorElementwise.nonZeroColumns(a, rows, cols, act);
        }
        return Elementwise.nonZeroColumns(a, rows, cols, act);
    }

    /** See {@link Elementwise#gatherBytes}. */
    public static void gatherBytes(byte[] src, int d, int[] rows, int from, int count, float[] dst, float scale,
                                   float shift) {
        if (VECTOR && count * d >= MIN_VECTOR) {
            VectorElementwise.gatherBytes(src, d, rows, from, count, dst, scale, shift);
        } else {
            Elementwise.gatherBytes(src, d, rows, from, count, dst, scale, shift);
        }
    }
}
