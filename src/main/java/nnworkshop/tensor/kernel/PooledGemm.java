package nnworkshop.tensor.kernel;

import java.lang.ref.Cleaner;

/**
 * What the fast kernels share: a fixed {@link WorkerPool} of {@code threads} threads (the caller's
 * included), released on {@link #close()} — or when the kernels become unreachable, since the
 * workers are daemons that must not outlive their owner.
 */
abstract class PooledGemm implements FastGemm {
    /** Threads for large products, the caller's included (≥ 1). */
    protected final int threads;
    protected final WorkerPool pool;
    private final Cleaner.Cleanable cleanable;

    PooledGemm(int threads, String poolName) {
        this.pool = new WorkerPool(threads, poolName);
        this.threads = threads;
        this.cleanable = pool.closeWhenUnreachable(this); // daemon workers stop if never closed
    }

    /** Jobs handed to the worker pool so far: tells whether a product was split between the threads. */
    final long poolJobs() {
        return pool.jobs();
    }

    /** The kind of kernel for {@link #describe()}, e.g. "vector-512". */
    abstract String kind();

    @Override
    public final int threads() {
        return threads;
    }

    @Override
    public final String describe() {
        return kind() + ", " + threads + (threads == 1 ? " thread" : " threads");
    }

    @Override
    public String toString() {
        return describe();
    }

    @Override
    public void runParts(int parts, java.util.function.IntConsumer part) {
        if (parts <= 1 || threads == 1) {
            for (int i = 0; i < parts; i++) part.accept(i);
            return;
        }
        pool.run(parts, (chunk, thread) -> part.accept(chunk));
    }

    @Override
    public void offer(BackgroundTask task, boolean now) {
        if (threads > 1) pool.offer(task, now);
    }

    @Override
    public final boolean isClosed() {
        return pool.isClosed();
    }

    @Override
    public final void close() {
        cleanable.clean();
    }
}
