package nnworkshop.tensor.kernel;

import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of daemon worker threads that run one task split into {@code parts} parts, part 0 on
 * the calling thread. Workers spin briefly for the next task (a training step calls the kernels
 * every few tens of microseconds, quicker than a park/unpark round trip) and then park.
 */
final class WorkerPool implements AutoCloseable {

    /** One part of a split task; parts write disjoint outputs. */
    @FunctionalInterface
    interface Task {
        void run(int part);
    }

    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 200_000;

    private final Worker[] workers;
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

    int parts() {
        return workers.length + 1;
    }

    boolean isClosed() {
        return closed;
    }

    /** Runs parts 0..parts()-1 of {@code task}, part 0 on this thread; returns when all are done. */
    synchronized void run(Task task) {
        if (closed) {
            throw new IllegalStateException("kernel pool is closed");
        }
        for (Worker w : workers) {
            w.post(task);
        }
        Throwable error = null;
        try {
            task.run(0);
        } catch (Throwable t) {
            error = t;
        }
        for (Worker w : workers) {
            Throwable e = w.await();
            if (error == null) {
                error = e;
            }
        }
        if (error instanceof RuntimeException re) {
            throw re;
        } else if (error instanceof Error err) {
            throw err;
        } else if (error != null) {
            throw new IllegalStateException(error);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w);
        }
    }

    private static final class Worker extends Thread {
        private final WorkerPool pool;
        private final int part;
        private volatile Task task;
        private volatile long posted;
        private volatile long finished;
        private volatile boolean parked;
        private Throwable error; // published by the volatile write of finished

        Worker(WorkerPool pool, int part, String name) {
            super(name);
            this.pool = pool;
            this.part = part;
            setDaemon(true);
        }

        void post(Task t) {
            task = t;
            posted = posted + 1; // only the (serialised) caller writes it
            if (parked) {
                LockSupport.unpark(this);
            }
        }

        Throwable await() {
            long target = posted;
            int spins = 0;
            while (finished != target) {
                if (++spins < 1 << 16) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // the worker may have been descheduled on a busy machine
                }
            }
            Throwable e = error;
            error = null;
            return e;
        }

        @Override
        public void run() {
            long seen = 0;
            while (true) {
                long start = System.nanoTime();
                int spins = 0;
                while (posted == seen && !pool.closed) {
                    if ((++spins & 63) != 0 || System.nanoTime() - start < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (posted == seen && !pool.closed) {
                            LockSupport.park(this);
                        }
                        parked = false;
                    }
                }
                if (pool.closed) {
                    return;
                }
                seen = posted;
                Task t = task;
                task = null; // do not keep the caller's kernel reachable between calls
                try {
                    t.run(part);
                } catch (Throwable e) {
                    error = e;
                }
                finished = seen;
            }
        }
    }
}
