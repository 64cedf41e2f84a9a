package nnworkshop.tensor.kernel;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Work the caller will need later, in chunks, that an idle kernel thread may do meanwhile: reading
 * the next training batch while this step's serial parts run on the caller. {@link #start} arms it
 * for {@code chunks} chunks, {@link FastGemm#offer} shows it to the kernels' worker threads, and
 * {@link #finish()} returns once every chunk has run: the caller runs the chunks no worker took
 * and waits for those a worker is running. Each chunk runs exactly once per start, whoever runs it;
 * chunks must write disjoint outputs, so results cannot depend on the thread count.
 *
 * <p>A worker takes chunks only after the first job of the kernels that follows the offer (the
 * next product split between the threads), and one at a time, looking for a new job between two:
 * it fills the time it would spend waiting for the caller and delays a product by one chunk at
 * most. One object is reused for every start; starting, offering and finishing allocate nothing.
 */
public final class BackgroundTask {
    private final IntConsumer chunk;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile int chunks;
    private volatile Throwable error;
    private boolean started;   // the caller's: between start and finish
    private WorkerPool pool;   // the pool it was offered to, whose slot finish() clears
    long afterJob;             // a worker may take chunks once it has seen a job posted after this count

    /** A task whose chunk {@code c} is {@code chunk.accept(c)}. */
    public BackgroundTask(IntConsumer chunk) {
        this.chunk = Objects.requireNonNull(chunk);
    }

    /**
     * Arms it for chunks {@code 0 .. chunks-1} (what they read must be set before this call). Offer
     * it to kernels with workers, or not: {@link #finish} runs what nobody ran.
     */
    public void start(int chunks) {
        if (started) throw new IllegalStateException("background task started twice without finish()");
        if (chunks < 1) throw new IllegalArgumentException("chunks must be >= 1, got " + chunks);
        started = true;
        error = null;
        this.chunks = chunks;
        done.set(0);
        next.set(0); // last: a worker that claims a chunk sees everything written before
    }

    /** Whether it was started and not finished. */
    public boolean started() {
        return started;
    }

    /** Shows it to {@code to}'s workers (called by the pool's offer, after {@link #start}). */
    void offeredTo(WorkerPool to) {
        if (!started) throw new IllegalStateException("start the background task before offering it");
        pool = to;
    }

    /** A worker's turn: runs one chunk if one is left; false if none was. */
    boolean runOneChunk() {
        int c = next.getAndIncrement();
        if (c >= chunks) return false;
        run(c);
        return true;
    }

    private void run(int c) {
        try {
            chunk.accept(c);
        } catch (Throwable e) {
            if (error == null) error = e;
        } finally {
            done.incrementAndGet(); // publishes the chunk's writes to the caller
        }
    }

    /**
     * Runs the chunks no worker has taken, waits for those a worker is running, and makes the task
     * ready for the next start; rethrows what a chunk threw.
     */
    public void finish() {
        if (!started) throw new IllegalStateException("finish() without start()");
        WorkerPool p = pool;
        pool = null;
        if (p != null) p.withdraw(this); // the pool keeps nothing of the caller's between steps
        int n = chunks, c;
        while ((c = next.getAndIncrement()) < n) run(c);
        for (int spins = 0; done.get() < n; spins++) WorkerPool.backOff(spins);
        started = false;
        Throwable e = error;
        error = null;
        if (e instanceof RuntimeException re) throw re;
        if (e instanceof Error err) throw err;
        if (e != null) throw new IllegalStateException(e);
    }
}
