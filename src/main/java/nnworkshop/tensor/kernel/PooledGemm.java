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

    // ---- how far apart the cores are ------------------------------------------------------------
    // A product split between two threads pays only if handing its data from one core to the
    // other is cheap. On this machine (2 vCPUs of a shared host) it is cheap or not by the
    // host's placement of the vCPUs, which changes unannounced for minutes at a time: a cache line
    // took 35-37 ns to pass between them when they sat on one die, 160-250 ns on two. A batch-64
    // step of standardised MNIST, epochs alternating in one process (2026-12-07): near, 0.177-0.218 s
    // split against 0.296-0.310 on one thread; far, 0.293-0.335 split against 0.269-0.311 on one.
    // So the kernels measure the hand-off about four times a second and, while it is slow, keep the
    // training-size products on the caller. The results are the same either way (bit for bit).

    /** A hand-off slower than this (ns) counts as far: training-size products then stay on the caller. */
    static final double FAR_HAND_OFF_NANOS = 100;
    /** Products of at least this many multiply-adds are split however far the cores are (batch 256 and up). */
    static final long FAR_SERIAL_WORK = 1L << 23;
    /** How often the hand-off is measured again (it costs 0.1-0.6 ms: at most a quarter of a percent). */
    private static final long CHECK_EVERY_NANOS = 250_000_000L;

    private long nextCheck = System.nanoTime(); // at the first product
    private volatile double handOff = Double.NaN;
    private volatile boolean far;
    private boolean lastFar;
    private long checks, farChecks;

    /**
     * Whether a product of {@code work} multiply-adds is worth splitting between the threads as far
     * as the cores' distance goes (measured again if the last measure is a quarter of a second old). Called by
     * the caller's thread only (like the products).
     */
    final boolean splitPays(long work) {
        if (threads == 1 || work >= FAR_SERIAL_WORK) return true;
        long now = System.nanoTime();
        if (now - nextCheck >= 0) {
            nextCheck = now + CHECK_EVERY_NANOS;
            checkCores();
        }
        return !far;
    }

    /**
     * Measures the hand-off between the cores now (see {@link #recordHandOff}). The first measure
     * starts with untimed trips: before the JIT has compiled the measuring loop a trip took 70-90 ns
     * on cores 30-45 ns apart.
     */
    final void checkCores() {
        if (threads == 1 || pool.isClosed()) return;
        double ns = pool.handOffNanos(checks == 0 ? 3000 : 200, 200, 5);
        if (!Double.isNaN(ns)) recordHandOff(ns); // NaN: no worker answered, the last decision stands
    }

    /**
     * Takes a measure of the hand-off: the cores count as far after two far measures in a row (a
     * first measure, still partly interpreted, cannot make them far alone), as near after one near.
     */
    final void recordHandOff(double ns) {
        boolean farNow = ns > FAR_HAND_OFF_NANOS;
        handOff = ns;
        far = farNow && lastFar;
        lastFar = farNow;
        checks++;
        if (farNow) farChecks++;
    }

    /** For tests: no measures from now on but those given to {@link #recordHandOff}. */
    final void pauseCoreChecks() {
        nextCheck = System.nanoTime() + Long.MAX_VALUE / 2;
    }

    @Override
    public final CoreDistance coreDistance() {
        return new CoreDistance(handOff, far, checks, farChecks);
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
