package nnworkshop.lab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.ModelSpec;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Tensor;
import nnworkshop.train.Engine;

/**
 * One of the Lab's two drawing models: an {@link Engine} (from scratch or libtorch) answering
 * predictions from many request threads at once.
 *
 * <p>An engine is not thread-safe, so one worker thread owns it: request threads queue their input
 * and wait; the worker takes every queued input (up to {@value #MAX_BATCH}) as one batch X (n, D),
 * asks the engine for its logits (n, K) and hands each caller its softmax row. Under load this is
 * batching for free; alone, a request is a batch of one.
 *
 * <p>The hidden activations shown on the page, a1 = g(W1·x + b1) (H), are computed here from the
 * model's first-layer weights (the same equation the engines run), on the request's thread.
 */
final class LiveModel implements AutoCloseable {
    static final int MAX_BATCH = 64;
    private static final Job POISON = new Job(null, null);

    final String id;          // "scratch" or "torch"
    final String source;      // where the weights came from, for the page
    final int version;        // changes whenever the model is replaced
    final ModelSpec spec;
    final Normalization normalization;
    final Double testAccuracy; // on MNIST's test set, when known
    private final Engine engine;
    private final Activation g;
    private final int d, h, k;
    private final float[] w1;  // (H, D) first layer's weights
    private final float[] w1t; // (D, H) the same, transposed: a pixel's row of weights is contiguous
    private final float[] b1;  // (H)
    private final float[] w2;  // (K, H) the output layer when there is one hidden layer, else null
    private final LinkedBlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final Thread worker;
    private boolean closed;    // guarded by this

    private record Job(float[] x, CompletableFuture<float[]> result) {}

    /** Thrown to a caller whose model was replaced between looking it up and asking it: ask the new one. */
    static final class Retired extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Retired() { super("model replaced", null, false, false); }
    }

    LiveModel(String id, Engine engine, Normalization normalization, String source, int version, Double testAccuracy) {
        this.id = id;
        this.engine = engine;
        this.spec = engine.spec();
        this.normalization = normalization;
        this.source = source;
        this.version = version;
        this.testAccuracy = testAccuracy;
        this.g = spec.activation();
        int[] sizes = spec.sizes();
        d = sizes[0];
        k = spec.classes();
        Map<String, Tensor> state = engine.stateDict();
        w1 = state.get("0.weight").data().clone();
        b1 = state.get("0.bias").data().clone();
        h = sizes.length > 2 ? sizes[1] : 0;
        w1t = new float[d * Math.max(h, 0)];
        for (int j = 0; j < h; j++) for (int p = 0; p < d; p++) w1t[p * h + j] = w1[j * d + p];
        w2 = sizes.length == 3 ? state.get("2.weight").data().clone() : null;
        worker = new Thread(this::work, "lab-" + id + "-v" + version);
        worker.setDaemon(true);
        worker.start();
    }

    /** Pixels per image (D). */
    int inputs() { return d; }

    /** Width of the first hidden layer (H), 0 without one. */
    int hiddenWidth() { return h; }

    /** The first layer's weights (H, D), row-major (not to be modified). */
    float[] firstLayer() { return w1; }

    /** What the page shows for one image. */
    record Prediction(float[] probabilities, float[] hidden, int[] topUnits, float[] contributions) {}

    /**
     * Queues x (D) in [0, 1] (not modified) for the worker and returns at once, so that a caller can
     * ask both engines before it waits for either; {@link Pending#await} then gives the model's
     * answer: probabilities (K), the first hidden layer's activations (H, computed on the caller's
     * thread while the worker runs the engine), and the hidden units that contributed most to the
     * top class.
     *
     * @throws Retired if the model was replaced meanwhile
     */
    Pending submit(float[] x01) {
        float[] x = new float[d];
        float mean = normalization.mean(), std = normalization.std();
        for (int p = 0; p < d; p++) x[p] = (x01[p] - mean) / std;
        CompletableFuture<float[]> f = new CompletableFuture<>();
        synchronized (this) {
            if (closed) throw new Retired();
            queue.add(new Job(x, f));
        }
        return new Pending(x, f);
    }

    /** A queued image: its normalised pixels and the worker's answer to come. */
    final class Pending {
        private final float[] x;
        private final CompletableFuture<float[]> result;

        private Pending(float[] x, CompletableFuture<float[]> result) {
            this.x = x;
            this.result = result;
        }

        /** The model that answers. */
        LiveModel model() { return LiveModel.this; }

        /**
         * Waits for the engine's probabilities (at most 30 s).
         *
         * @throws Retired if the model was replaced before it answered
         */
        Prediction await() {
            float[] hidden = hidden(x);
            float[] probs;
            try {
                probs = result.get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ApiError(503, "interrupted while predicting");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Retired r ? r : new ApiError(500, "the " + id + " model failed: " + e.getCause().getMessage());
            } catch (TimeoutException e) {
                throw new ApiError(503, "the " + id + " model did not answer within 30 s");
            }
            int top = 0;
            for (int c = 1; c < k; c++) if (probs[c] > probs[top]) top = c;
            return withTopUnits(probs, hidden, top);
        }
    }

    /** a1 = g(W1·x + b1) for a normalised x (D): H values (none without a hidden layer). */
    private float[] hidden(float[] x) {
        float[] a = b1.length == h ? b1.clone() : new float[0];
        for (int p = 0; p < d && h > 0; p++) {
            float v = x[p];
            if (v == 0f) continue; // most pixels are background
            int off = p * h;
            for (int j = 0; j < h; j++) a[j] += v * w1t[off + j];
        }
        for (int j = 0; j < h; j++) a[j] = (float) g.apply(a[j]);
        return a;
    }

    /** The hidden units with the largest contribution a1_j · W2[top, j] to the top class's logit (a1_j with more layers), at most 6. */
    private Prediction withTopUnits(float[] probs, float[] hidden, int top) {
        int n = Math.min(6, h);
        int[] units = new int[n];
        float[] contrib = new float[n];
        java.util.Arrays.fill(contrib, Float.NEGATIVE_INFINITY);
        for (int j = 0; j < h; j++) {
            float c = w2 != null ? hidden[j] * w2[top * h + j] : hidden[j];
            for (int r = 0; r < n; r++) {
                if (c > contrib[r]) {
                    System.arraycopy(contrib, r, contrib, r + 1, n - r - 1);
                    System.arraycopy(units, r, units, r + 1, n - r - 1);
                    contrib[r] = c;
                    units[r] = j;
                    break;
                }
            }
        }
        return new Prediction(probs, hidden, units, contrib);
    }

    private void work() {
        List<Job> jobs = new ArrayList<>(MAX_BATCH);
        boolean stop = false;
        while (!stop) {
            jobs.clear();
            try {
                jobs.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(jobs, MAX_BATCH - 1);
            int poison = jobs.indexOf(POISON);
            if (poison >= 0) {
                stop = true;
                jobs.subList(poison, jobs.size()).clear(); // nothing is queued after the poison
                queue.drainTo(new ArrayList<>());
            }
            if (jobs.isEmpty()) continue;
            int n = jobs.size();
            try {
                float[] xs = new float[n * d]; // (n, D)
                for (int i = 0; i < n; i++) System.arraycopy(jobs.get(i).x, 0, xs, i * d, d);
                Matrix logits = engine.logits(xs, n);
                Matrix.softmaxRows(logits, logits);
                float[] p = logits.data();
                for (int i = 0; i < n; i++) {
                    float[] row = new float[k];
                    System.arraycopy(p, i * k, row, 0, k);
                    jobs.get(i).result.complete(row);
                }
            } catch (RuntimeException e) {
                for (Job j : jobs) j.result.completeExceptionally(e);
            }
        }
        engine.close();
    }

    /** Stops taking predictions, answers those queued, then frees the engine (on the worker thread). */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            queue.add(POISON);
        }
    }

    /** Waits until the engine is freed (after {@link #close}). */
    void awaitClosed() throws InterruptedException {
        worker.join(10_000);
    }
}
