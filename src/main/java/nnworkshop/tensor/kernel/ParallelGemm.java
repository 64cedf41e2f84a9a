package nnworkshop.tensor.kernel;

/**
 * A {@link Gemm} that may own worker threads: it says how many it uses and releases them on
 * {@link #close()}. Results are bit-identical whatever the thread count.
 *
 * <p>Not for concurrent use by several callers: implementations reuse buffers between calls. Use one
 * instance per training thread.
 */
public interface ParallelGemm extends Gemm, AutoCloseable {

    /**
     * C(m, n) = A(m, k) · B(k, n) [+ 1·biasᵀ]; {@code bias} (n) may be null. The forward pass of a
     * layer that stores its weights transposed, Wᵀ (D, H): {@code Y = X·Wᵀ + b} without the
     * transposition of W that {@link #nt} does on every call (a third of its time at batch 64).
     * Not in {@link Gemm}, whose contract is fixed; {@link ReferenceGemm} has no such method.
     */
    void nn(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c);

    /** Threads used for large products, the caller's included (1 = the caller only). */
    int threads();

    /** A short description for benchmark output, e.g. {@code "vector-512, 2 threads"}. */
    String describe();

    /** Stops the worker threads; later calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    void close();
}
