package nnworkshop.tensor.kernel;

/**
 * A {@link Gemm} that may own worker threads: it says how many it uses and releases them on
 * {@link #close()}. Results are bit-identical whatever the thread count.
 *
 * <p>Not for concurrent use by several callers: implementations reuse buffers between calls. Use one
 * instance per training thread.
 */
public interface FastGemm extends Gemm, AutoCloseable {

    /**
     * C(m, n) = A(m, k) · B(k, n) [+ 1·biasᵀ]; {@code bias} (n) may be null. The forward pass of a
     * layer that stores its weights transposed, Wᵀ (D, H): {@code Y = X·Wᵀ + b} without the
     * transposition of W that {@link #nt} does on every call (a third of its time at batch 64).
     * Not in {@link Gemm}, whose contract is fixed; {@link ReferenceGemm} has no such method.
     */
    void nn(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c);

    /**
     * {@link #nn(int, int, int, float[], float[], float[], float[]) nn} with a bias for an A whose
     * columns outside {@code act[0 .. kAct)} (increasing) are all zero, summing only over those
     * k-steps: a batch of MNIST images has a third of its pixel columns zero in every image. The
     * result equals nn's except that skipped terms 0·B(p, j) are not added (they differ only if B
     * holds an infinity or NaN, or in the sign of an exact zero). B starts at {@code b[b0]} (a
     * working copy of Wᵀ placed for fast loads, see {@code Parameter}). This default ignores {@code act}.
     */
    default void nnActive(int m, int n, int k, float[] a, float[] b, int b0, float[] bias, float[] c, int[] act,
                          int kAct) {
        nn(m, n, k, a, b0 == 0 ? b : java.util.Arrays.copyOfRange(b, b0, b0 + k * n), bias, c);
    }

    /**
     * {@link #tn} for an A(k, m) whose columns outside {@code act[0 .. mAct)} (increasing) are all
     * zero: the rows of C listed in {@code act} are computed, the others set to zero (what tn gives
     * them). The weight gradient dWᵀ = Xᵀ·dZ of a first layer, whose input X has zero columns. C
     * starts at {@code c[c0]}. This default ignores {@code act}.
     */
    default void tnActive(int m, int n, int k, float[] a, float[] b, float[] c, int c0, int[] act, int mAct) {
        if (c0 == 0) {
            tn(m, n, k, a, b, c);
        } else {
            float[] t = new float[m * n];
            tn(m, n, k, a, b, t);
            System.arraycopy(t, 0, c, c0, t.length);
        }
    }

    /**
     * C(m, n) = A·B [+ 1·biasᵀ] for an A (m, k) given by its nonzeros, B (k, n) row-major, bias (n)
     * or null: the forward {@code Z = X·Wᵀ + b} of a first layer (B = Wᵀ) whose input batch is
     * mostly zeros (four MNIST pixels in five). Each C(i, j) is one chain of fused multiply-adds over
     * row i's entries in increasing column, started from the bias: {@link #nnActive}'s chain without
     * its zero terms, so the same bits (up to the sign of an exact zero). B starts at {@code b[b0]}.
     * This default is the plain reference loop on the caller's thread.
     */
    default void nnSparse(SparseRows a, int n, float[] b, int b0, float[] bias, float[] c) {
        SparseRows.checkProduct(a, n, b, b0, a.cols(), c, 0, a.rows());
        SparseRows.nnReference(a, n, b, b0, bias, c, 0, a.rows());
    }

    /**
     * C(k, n) = Aᵀ·B for an A (m, k) given by its nonzeros, B (m, n) row-major: the weight gradient
     * {@code dWᵀ = Xᵀ·dZ} of such a layer. Each C(p, j) is one chain of fused multiply-adds over
     * column p's entries in increasing row, from 0 ({@link #tnActive}'s chain without its zero terms);
     * rows of C for columns without entries are zero. B starts at {@code b[b0]}, C at {@code c[c0]}.
     * Builds A's lists by column if needed. This default is the plain reference loop on the caller's
     * thread.
     */
    default void tnSparse(SparseRows a, int n, float[] b, int b0, float[] c, int c0) {
        SparseRows.checkProduct(a, n, b, b0, a.rows(), c, c0, a.cols());
        if (!a.hasColumns()) a.buildColumns();
        SparseRows.tnReference(a, n, b, b0, c, c0, 0, a.cols());
    }

    /**
     * Runs {@code part.accept(0 .. parts-1)} on this kernel's threads (the caller's included), each
     * part once, and returns when all are done: for work split above the level of one product,
     * such as evaluating parts of a batch on model replicas. A part must not call this kernel's
     * products (each thread brings its own single-threaded kernels). This default runs them in
     * order on the caller.
     */
    default void runParts(int parts, java.util.function.IntConsumer part) {
        for (int i = 0; i < parts; i++) part.accept(i);
    }

    /**
     * Lets idle worker threads of these kernels run chunks of {@code task} (started) once the next
     * product split between the threads is done, or, {@code now}, at once (see
     * {@link BackgroundTask}); the caller's {@link BackgroundTask#finish} runs the rest. This
     * default, kernels without workers: nothing.
     */
    default void offer(BackgroundTask task, boolean now) {
    }

    /**
     * Whether the last {@link #tnActive} or {@link #tnSparse} (a first layer's dWᵀ) was split
     * between the threads: its rows are then spread over the cores' caches, and an update of the
     * weights from it is best split too (see {@code Parameter}); computed by the caller alone, it
     * is in the caller's cache. This default: false.
     */
    default boolean lastWeightGradientSplit() {
        return false;
    }

    /**
     * The last measure of how far apart the kernel threads' cores are, and how often they were
     * found far (training-size products then run on the caller); see {@link CoreDistance}. This
     * default, kernels without workers: never measured.
     */
    default CoreDistance coreDistance() {
        return CoreDistance.NOT_MEASURED;
    }

    /** Whether {@link #close()} was called (its products and {@link #runParts} then throw). */
    default boolean isClosed() {
        return false;
    }

    /** Threads used for large products, the caller's included (1 = the caller only). */
    int threads();

    /** A short description for benchmark output, e.g. {@code "vector-512, 2 threads"}. */
    String describe();

    /** Stops the worker threads; later calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    void close();
}
