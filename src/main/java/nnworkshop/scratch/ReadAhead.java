package nnworkshop.scratch;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.kernel.BackgroundTask;
import nnworkshop.train.MiniBatch;

/**
 * The training step's batch and the next one: while a step runs, the idle kernel thread reads the
 * next batch into a second buffer (a {@link BackgroundTask} offered to the kernels), so that the
 * next step starts with its batch loaded instead of spending that time on the caller. On one
 * thread a step loads its own batch, the next one's images prefetched into cache.
 * <ul>
 *   <li>Dense batches (Fashion-MNIST, standardised images): in chunks of {@value #CHUNK_ROWS}
 *       rows, taken after the first layer's forward product, which is split between the threads;
 *       the worker reads while the caller runs the output layer and the loss. Measured in one
 *       process, epochs alternating with and without (batch 64, 2 threads): standardised MNIST
 *       0.375 -> 0.346 and 0.253 -> 0.207 s per epoch (median of 8 each), Fashion-MNIST 0.211 ->
 *       0.189 s.</li>
 *   <li>Batches read as their nonzero pixels (MNIST): at once, in one piece, with the lists by
 *       column that the weight gradient reads: no product of such a step is split, so the worker
 *       is idle all the step (woken if parked). 0.163 -> 0.129 and 0.139 -> 0.113 s per epoch
 *       (no validation; median of 8 each). Offered to wait for a split product instead, it was
 *       never taken and measured slower (0.164 -> 0.171 s: the caller read it, without the prefetch).</li>
 * </ul>
 *
 * <p>Not in the first pass over the data (the steps up to the second that starts at image 0 of
 * the order): then the JIT's compiler threads, which compile the training step in the process's
 * first seconds (C1 and C2 together 1.3-2 s of CPU on this machine), need the second core more than
 * the step needs its batch read ahead (about 30 µs a step the caller then spends). Over 46
 * alternating pairs of fresh {@code train} processes (MNIST, 2026-12-07) the first epoch took a
 * median 0.475 s with the read-ahead in it and 0.463 s without, shorter without in 30 of the 46
 * (median of the differences -0.035 s); the epochs after it unchanged (0.161-0.205 s either way).
 *
 * <p>The batch read ahead is the one the loop announced ({@link MiniBatch#nextCount()}); its image
 * indices are copied when it is offered and compared when the next step asks for its batch, so a
 * step always gets exactly its own images: read the same way by the same code whoever read them.
 */
final class ReadAhead {
    /** Rows per chunk of a dense batch read ahead: a worker looks for a split product between two. */
    static final int CHUNK_ROWS = 8;

    private final Sequential model;
    private final Backend backend;
    private final Normalization normalization;
    private Batch current, ahead;
    private final int[] aheadOrder;
    private final BackgroundTask task;
    private Dataset aheadData;
    private int aheadCount;
    private boolean aheadSparse;
    private long used;             // steps whose batch had been read ahead
    private int passes;            // steps so far that started a pass over the data (from image 0)

    /** Passes over the data begun so far: steps that asked for a batch from image 0 of the order. */
    int passes() { return passes; }

    ReadAhead(Sequential model, Backend backend, Normalization normalization, int batch) {
        this.model = model;
        this.backend = backend;
        this.normalization = normalization;
        this.current = new Batch(normalization, batch, model.inputs());
        this.ahead = new Batch(normalization, batch, model.inputs());
        this.aheadOrder = new int[batch];
        this.task = new BackgroundTask(this::readAheadRows); // one object for every step
    }

    /** Step {@code b}'s images, X (count, D), and the next batch started; valid until the next call. */
    Matrix load(MiniBatch b) {
        Matrix xb = null;
        if (task.started()) {
            task.finish();
            if (isAhead(b)) {
                Batch t = current;
                current = ahead;
                ahead = t;
                xb = current.x();
                used++;
            }
        }
        if (xb == null) xb = current.load(model, b.data(), b.order(), b.from(), b.count());
        if (b.from() == 0) passes++;
        int next = Math.min(b.nextCount(), aheadOrder.length);
        if (next > 0) {
            if (backend.threads() > 1 && passes > 1) {
                System.arraycopy(b.order(), b.from() + b.count(), aheadOrder, 0, next);
                aheadData = b.data();
                aheadCount = next;
                aheadSparse = Batch.sparse(model, normalization, aheadData);
                if (aheadSparse) {
                    backend.offerNow(task, 1);
                } else {
                    ahead.beginDense(aheadData, next);
                    backend.offer(task, (next + CHUNK_ROWS - 1) / CHUNK_ROWS);
                }
            } else {
                current.prefetch(b.order(), b.from() + b.count(), next);
            }
        }
        return xb;
    }

    /** Whether the batch read ahead is {@code b}'s. */
    private boolean isAhead(MiniBatch b) {
        if (b.data() != aheadData || b.count() != aheadCount) return false;
        int[] order = b.order();
        for (int i = 0, from = b.from(); i < aheadCount; i++) {
            if (order[from + i] != aheadOrder[i]) return false;
        }
        return true;
    }

    /**
     * Chunk {@code c} of the background task: its rows of the announced next batch, into the second
     * buffer; for a sparse batch the one chunk is the whole batch and its lists by column.
     */
    private void readAheadRows(int c) {
        if (aheadSparse) {
            ahead.load(model, aheadData, aheadOrder, 0, aheadCount).buildColumnLists();
            return;
        }
        int r0 = c * CHUNK_ROWS;
        ahead.loadRows(aheadOrder, r0, Math.min(aheadCount, r0 + CHUNK_ROWS));
    }

    /** Steps so far whose batch had been read ahead (for tests). */
    long used() {
        return used;
    }

    /** Waits for a batch being read ahead (the buffers are then the caller's alone). */
    void finish() {
        if (task.started()) task.finish();
    }
}
