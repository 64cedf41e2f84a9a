package nnworkshop.tensor.kernel;

import java.lang.ref.Cleaner;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon worker threads that help the calling thread through the chunks of one job.
 * Chunks are handed out first come, first served: on a shared machine a descheduled worker costs
 * at most the chunk it holds, and if it never wakes the caller does all chunks itself. Chunks write
 * disjoint outputs and compute each output the same way whoever runs them, so results do not depend
 * on the thread count or on who ran what. Idle workers spin briefly for the next job (a training
 * step calls the kernels every few tens of microseconds, quicker than a park/unpark round trip), then
 * park. While idle, a worker also runs the chunks of a {@link BackgroundTask} the caller offered
 * (the next training batch, read ahead), one at a time, looking for a new job between two.
 */
final class WorkerPool implements AutoCloseable {

    /** One chunk of a job, run by thread {@code thread} (0 = the caller) for its scratch space. */
    @FunctionalInterface
    interface Task {
        void run(int chunk, int thread);
    }

    private static final Cleaner CLEANER = Cleaner.create(); // one daemon thread for all pools

    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 100_000;

    private final Worker[] workers;
    private volatile Job job;
    private volatile long posted;
    private volatile BackgroundTask background; // offered: its chunks, for idle workers after the next job
    private volatile boolean closed;

    WorkerPool(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        workers = new Worker[threads - 1];
        for (int t = 0; t < workers.length; t++) {
            workers[t] = new Worker(this, t + 1, name + "-" + (t + 1));
            workers[t].start();
        }
    }

    /** Closes this pool once {@code owner} becomes unreachable; the result closes it at once. */
    Cleaner.Cleanable closeWhenUnreachable(Object owner) {
        return CLEANER.register(owner, this::close); // captures the pool, not the owner
    }

    /** Threads that may run chunks, the caller's included. */
    int threads() {
        return workers.length + 1;
    }

    /** Jobs run with the workers' help so far ({@link #run} calls); a product that stays on the caller runs none. */
    long jobs() {
        return posted;
    }

    boolean isClosed() {
        return closed;
    }

    /** Runs chunks 0..chunks-1 of {@code task} with the workers' help; returns when all are done. */
    synchronized void run(int chunks, Task task) {
        if (closed) {
            throw new IllegalStateException("kernel pool is closed");
        }
        Job j = new Job(task, chunks);
        job = j;
        posted = posted + 1; // only the (serialised) caller writes it
        for (Worker w : workers) {
            if (w.parked) {
                LockSupport.unpark(w);
            }
        }
        j.work(0);
        for (int spins = 0; j.done.get() < chunks; spins++) backOff(spins);
        job = null; // do not keep the caller's kernel reachable between calls
        Throwable error = j.error;
        if (error instanceof RuntimeException re) {
            throw re;
        } else if (error instanceof Error err) {
            throw err;
        } else if (error != null) {
            throw new IllegalStateException(error);
        }
    }

    /**
     * How long a cache line written by the caller takes to reach a worker (one way, nanoseconds):
     * a counter passed back and forth between the two chunks of a job, {@code warmUpTrips} times
     * untimed, then {@code roundTrips} times in each of {@code rounds} rounds; the median round
     * (a round in which the host took a core away for a while is an outlier). NaN without
     * workers, or if a side waited 10 ms for the other's move (a worker parked and not woken, or
     * descheduled): the caller may then have run both chunks, each giving up. How far apart the cores are, as the products feel it: on one die of
     * this machine's host 35-37 ns, on two 160-250 ns.
     */
    double handOffNanos(int warmUpTrips, int roundTrips, int rounds) {
        if (workers.length == 0 || roundTrips < 1 || rounds < 1) return Double.NaN;
        AtomicLong ball = new AtomicLong();
        double[] perRound = new double[rounds];
        boolean[] complete = {true};
        long last = 2L * (warmUpTrips + (long) roundTrips * rounds); // the last value the caller's side sends
        run(2, (chunk, thread) -> {
            if (chunk == 1) { // the other side: answer every even value with the next odd one
                ball.set(1);
                for (long v = 2; v <= last; v += 2) {
                    if (!answer(ball, v)) return;
                }
                return;
            }
            if (!await(ball, 1, System.nanoTime() + HAND_OFF_PATIENCE_NANOS)) {
                complete[0] = false;
                return;
            }
            long v = 1;
            for (int i = 0; i < warmUpTrips; i++, v += 2) { // one call a trip: the JIT compiles it after a few hundred
                if (!trip(ball, v + 1)) {
                    complete[0] = false;
                    return;
                }
            }
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                for (int i = 0; i < roundTrips; i++, v += 2) {
                    if (!trip(ball, v + 1)) {
                        complete[0] = false;
                        return;
                    }
                }
                perRound[r] = (System.nanoTime() - t0) / (2.0 * roundTrips);
            }
        });
        if (!complete[0]) return Double.NaN;
        Arrays.sort(perRound);
        return perRound[rounds / 2];
    }

    /** How long one side of {@link #handOffNanos} waits for the other's next move before it gives up. */
    private static final long HAND_OFF_PATIENCE_NANOS = 10_000_000;

    /** One round trip of the caller's side: sends {@code v} (even), waits for {@code v + 1}. */
    private static boolean trip(AtomicLong ball, long v) {
        ball.set(v);
        return await(ball, v + 1, System.nanoTime() + HAND_OFF_PATIENCE_NANOS);
    }

    /** The other side's move: waits for {@code v} (even), answers {@code v + 1}. */
    private static boolean answer(AtomicLong ball, long v) {
        if (!await(ball, v, System.nanoTime() + HAND_OFF_PATIENCE_NANOS)) return false;
        ball.set(v + 1);
        return true;
    }

    private static boolean await(AtomicLong ball, long value, long giveUp) {
        for (int spins = 0; ball.get() != value; spins++) {
            if ((spins & 255) == 255 && System.nanoTime() - giveUp > 0) return false;
            Thread.onSpinWait();
        }
        return true;
    }

    /**
     * Shows the chunks of {@code task} (started) to the workers that are idle after the next
     * {@link #run}, or, {@code now}, at once, waking a parked worker (see {@link BackgroundTask});
     * the caller's {@link BackgroundTask#finish} collects them. Replaces an earlier task still offered.
     */
    void offer(BackgroundTask task, boolean now) {
        if (closed || workers.length == 0) return; // finish() runs it on the caller
        task.offeredTo(this);
        task.afterJob = now ? posted - 1 : posted;
        background = task;
        if (now) {
            for (Worker w : workers) {
                if (w.parked) LockSupport.unpark(w);
            }
        }
    }

    /** The task offered and not yet finished, or null. */
    BackgroundTask offeredTask() {
        return background;
    }

    /** Forgets {@code task} if it is the one offered (its caller is finishing it). */
    void withdraw(BackgroundTask task) {
        if (background == task) background = null;
    }

    /**
     * One turn of a caller's wait for chunks a worker holds ({@code spins} turns so far): spin, and
     * after 16,384 turns yield the core (the worker holding a chunk was descheduled).
     */
    static void backOff(int spins) {
        if (spins < 1 << 14) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    private static final class Job {
        final Task task;
        final int chunks;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        volatile Throwable error;

        Job(Task task, int chunks) {
            this.task = task;
            this.chunks = chunks;
        }

        void work(int thread) {
            int c;
            while ((c = next.getAndIncrement()) < chunks) {
                try {
                    task.run(c, thread);
                } catch (Throwable e) {
                    if (error == null) {
                        error = e;
                    }
                } finally {
                    done.incrementAndGet(); // publishes the chunk's writes to the caller
                }
            }
        }
    }

    private static final class Worker extends Thread {
        private final WorkerPool pool;
        private final int index;
        volatile boolean parked;

        Worker(WorkerPool pool, int index, String name) {
            super(name);
            this.pool = pool;
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long start = System.nanoTime();
                int spins = 0;
                while (pool.posted == seen && !pool.closed) {
                    BackgroundTask b = pool.background;
                    if (b != null && seen > b.afterJob && b.runOneChunk()) {
                        start = System.nanoTime(); // idle again from now
                        continue;
                    }
                    if ((++spins & 63) != 0 || System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (pool.posted == seen && !pool.closed) {
                            LockSupport.park(this);
                        }
                        parked = false;
                    }
                }
                if (pool.closed) {
                    return;
                }
                seen = pool.posted;
                Job j = pool.job; // null if the caller already finished it alone
                if (j != null) {
                    j.work(index);
                }
            }
        }
    }
}
