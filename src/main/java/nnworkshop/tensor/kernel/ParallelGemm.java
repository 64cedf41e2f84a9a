package nnworkshop.tensor.kernel;

/**
 * A {@link Gemm} that may own worker threads: it says how many it uses and releases them on
 * {@link #close()}. Results are bit-identical whatever the thread count.
 *
 * <p>Not for concurrent use: one caller at a time (calls are serialised).
 */
public interface ParallelGemm extends Gemm, AutoCloseable {

    /** Threads used for large products, the caller's included (1 = the caller only). */
    int threads();

    /** A short description for benchmark output, e.g. {@code "vector-512, 2 threads"}. */
    String describe();

    /** Stops the worker threads; later calls throw {@link IllegalStateException}. Idempotent. */
    @Override
    void close();
}
