package nnworkshop.scratch;

import java.util.SplittableRandom;

import nnworkshop.data.Dataset;
import nnworkshop.data.DatasetKind;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.Init;
import nnworkshop.nn.Loss;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.optim.Optimizer;
import nnworkshop.optim.OptimizerKind;
import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Matrix;

/**
 * Gets the JIT to compile the training step's kernels while the data is still loading.
 *
 * <p>The Vector API kernels run about a hundred times slower than compiled until C2 has compiled
 * them, and C2 compiles a method only after it has been called often enough: on real data that
 * took most of the first epoch (1.0-1.2 s against 0.2 s for a steady one). {@link #start} runs
 * training steps of the default model (784-128-10 ReLU, SGD, batch 64, and now and then a
 * batch-1000 forward as the validation pass does) on synthetic images like the data set's in a
 * daemon thread, on a kernel instance of its own, while the caller reads the data on the other
 * core. Like the data set's, because the kernels differ: MNIST's digits (a fifth of the pixels
 * nonzero) are read as their nonzero pixels, Fashion-MNIST's clothes (half) and any standardised
 * images densely (see {@code Batch}); warming the other kind's kernels left Fashion-MNIST's first
 * epoch at 1.04-1.08 s.
 * {@link #stop()} — which {@link Trainer#fit} calls first — ends it after the current step and
 * waits for it. It also ends by itself once its steps run at compiled speed, or after
 * {@value #MAX_MILLIS} ms.
 *
 * <p>It shares nothing with the real run but compiled code (its own model, data, buffers and
 * kernel threads; the element-wise kernels' warm flags decide only which of two bit-identical
 * loops runs), so results are the same with or without it.
 */
public final class Warmup {
    /** It gives up after this long whatever happens (e.g. a machine too busy to compile). */
    static final long MAX_MILLIS = 3000;
    /** A step this fast (batch 64) counts as compiled; 0.2-0.3 ms when it is, 2-50 ms before. */
    private static final long FAST_STEP_NANOS = 1_000_000;
    /** Consecutive fast steps after which it stops. */
    private static final int FAST_STEPS = 200;

    private static Thread running;
    private static volatile boolean stopRequested;

    private Warmup() {}

    /**
     * Starts the warm-up for training on {@code kind} (standardised or scaled to [0, 1]) in a daemon
     * thread, unless one is running, the Vector API is absent, or the system property
     * {@code nnworkshop.warmup} is {@code false} (no-op then).
     */
    public static synchronized void start(DatasetKind kind, boolean standardize) {
        if (running != null || !Backend.vectorApiAvailable()) return;
        if (!Boolean.parseBoolean(System.getProperty("nnworkshop.warmup", "true"))) return;
        stopRequested = false;
        boolean dense = kind == DatasetKind.FASHION || standardize;
        // Fashion-MNIST in [0, 1] has all-zero columns in every batch (4-46 of 784 at batch 64), so it
        // runs the active-column kernels; standardised images have none and run the dense ones
        boolean zeroCorners = kind == DatasetKind.FASHION && !standardize;
        Thread t = new Thread(() -> run(dense, zeroCorners), "kernel-warmup");
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        running = t;
        t.start();
    }

    /** Ends a running warm-up and waits for it (at most one step); no-op if none runs. */
    public static synchronized void stop() {
        Thread t = running;
        if (t == null) return;
        stopRequested = true;
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        running = null;
    }

    /**
     * Waits up to {@code millis} for a running warm-up to end by itself (its steps at compiled speed,
     * or its time limit), then stops it: for a caller with no data to read meanwhile that still wants
     * the warm-up a fresh process would have had (the benchmark's dense figures). No-op if none runs.
     */
    public static void awaitEnd(long millis) {
        Thread t;
        synchronized (Warmup.class) {
            t = running;
        }
        if (t == null) return;
        try {
            t.join(Math.max(1, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop();
    }

    /**
     * The warm-up loop: whole training steps of the real shapes, as {@link Trainer#fit} runs them.
     * (Many tiny steps first — batch 4, 16 nonzero pixels — reached the call counts C2 waits for
     * sooner but cost more than they saved: first epoch 0.90 s against 0.78 s, median of 3.)
     */
    static int run(boolean dense, boolean zeroCorners) {
        long deadline = System.nanoTime() + MAX_MILLIS * 1_000_000;
        int steps = 0;
        try (Backend backend = Backend.fastest(1)) {
            int d = 784, k = Dataset.NUM_CLASSES, batch = 64, evalBatch = Evaluator.DEFAULT_BATCH;
            Dataset data = synthetic(2 * evalBatch, dense, zeroCorners, new SplittableRandom(1));
            Sequential model = ModelSpec.withHidden(d, k, Activation.RELU, ModelSpec.DEFAULT_HIDDEN)
                    .build(Init.HE, new SplittableRandom(2));
            model.use(backend);
            model.reserve(evalBatch);
            Loss loss = LossKind.CROSS_ENTROPY.create();
            loss.reserve(batch, k);
            Optimizer optimizer = Optimizer.create(OptimizerKind.SGD, model.parameters(), 0.01, 0.0, 0.0);
            int[] order = new int[data.count()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            Batch x = new Batch(Normalization.UNIT, evalBatch, d);
            int[] labels = new int[batch];
            int fast = 0;
            for (int from = 0; !stopRequested && fast < FAST_STEPS && System.nanoTime() < deadline; steps++) {
                if (steps % 100 == 99) { // the validation pass's shapes
                    model.forward(x.load(model, data, order, 0, evalBatch));
                }
                long t0 = System.nanoTime();
                if (from + batch > order.length) from = 0;
                step(model, loss, optimizer, data, order, from, batch, x, labels);
                from += batch;
                fast = System.nanoTime() - t0 < FAST_STEP_NANOS ? fast + 1 : 0;
            }
        } catch (RuntimeException e) {
            // a failed warm-up costs only speed
        }
        return steps;
    }

    private static void step(Sequential model, Loss loss, Optimizer optimizer, Dataset data, int[] order, int from,
                             int count, Batch x, int[] labels) {
        Matrix xb = x.load(model, data, order, from, count);
        for (int r = 0; r < count; r++) labels[r] = data.label(order[from + r]);
        loss.forward(model.forward(xb), labels);
        model.backward(loss.backward());
        optimizer.step();
    }

    /**
     * {@code n} 28 × 28 images with random labels: with a zero border and a quarter of the middle
     * 20 × 20 pixels set (as MNIST's digits: a seventh of the image), or, {@code dense}, half of all
     * pixels set (as Fashion-MNIST's clothes).
     */
    static Dataset synthetic(int n, boolean dense, SplittableRandom rng) {
        return synthetic(n, dense, false, rng);
    }

    /**
     * As {@link #synthetic(int, boolean, SplittableRandom)}; with {@code zeroCorners} (dense only) the
     * 3 × 3 pixels of each corner are zero in every image, 36 all-zero columns as a Fashion-MNIST
     * batch has: the products then run the active-column kernels Fashion-MNIST runs.
     */
    static Dataset synthetic(int n, boolean dense, boolean zeroCorners, SplittableRandom rng) {
        byte[] px = new byte[n * 784];
        byte[] lb = new byte[n];
        int lo = dense ? 0 : 4, hi = dense ? 28 : 24, odds = dense ? 2 : 4;
        for (int i = 0; i < n; i++) {
            lb[i] = (byte) rng.nextInt(Dataset.NUM_CLASSES);
            for (int r = lo; r < hi; r++) {
                for (int c = lo; c < hi; c++) {
                    boolean corner = (r < 3 || r >= 25) && (c < 3 || c >= 25);
                    if (rng.nextInt(odds) == 0 && !(zeroCorners && corner)) px[i * 784 + r * 28 + c] = (byte) (1 + rng.nextInt(255));
                }
            }
        }
        return new Dataset("warm-up", n, 28, 28, px, lb);
    }
}
