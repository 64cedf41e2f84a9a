package nnworkshop.scratch;

import java.util.Objects;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Loss;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Parameter;
import nnworkshop.train.Evaluation;

/**
 * Runs a model over a <em>whole</em> data set, in batches (1000 by default), for its outputs,
 * predictions, probabilities, loss and accuracy. Every sample is used, the last partial batch
 * included.
 *
 * <p>It uses the model's own buffers (and whatever {@code Gemm} the model was given), so it must
 * not run while the same model is mid-step. It keeps its own input buffer, sized once.
 */
public final class Evaluator {
    public static final int DEFAULT_BATCH = 1000;

    private final Sequential model;
    private final Normalization normalization;
    private final int batch;
    private final Batch x;          // (batch, D)
    private final int[] labels;     // (batch)
    private final int[] predicted;  // (batch)
    private int[] order = new int[0];

    public Evaluator(Sequential model, Normalization normalization) {
        this(model, normalization, DEFAULT_BATCH);
    }

    public Evaluator(Sequential model, Normalization normalization, int batch) {
        if (batch <= 0) throw new IllegalArgumentException("batch must be positive, got " + batch);
        this.model = Objects.requireNonNull(model);
        this.normalization = normalization;
        this.batch = batch;
        this.x = new Batch(Objects.requireNonNull(normalization), batch, model.inputs());
        this.labels = new int[batch];
        this.predicted = new int[batch];
    }

    /** Samples per batch. */
    public int batch() { return batch; }

    /** How the images are normalised. */
    public Normalization normalization() { return normalization; }

    /** A consumer of each batch's model output (rows = samples from..from+out.rows()). */
    private interface BatchSink {
        void accept(int from, Matrix out);
    }

    private void run(Dataset data, BatchSink sink) {
        check(data);
        int n = data.count();
        if (order.length < n) {
            order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
        }
        int parts = parts();
        if (parts > 1) {
            prepareReplicas(parts);
        }
        for (int from = 0; from < n; from += batch) {
            int count = Math.min(batch, n - from);
            if (parts > 1 && count >= MIN_PARALLEL_BATCH) {
                sink.accept(from, forwardInParts(data, from, count, parts));
            } else {
                sink.accept(from, model.forward(x.load(model, data, order, from, count)));
            }
        }
    }

    // ---- evaluation on several threads ----------------------------------------------------------
    // A batch of 1000 is split into one part per kernel thread, and each thread runs a whole model
    // replica (the same parameter objects, buffers of its own, single-threaded kernels) on its
    // part, from gathering the images to the logits. Splitting inside each product instead made
    // the threads pass the batch's lists and the hidden activations between the cores, which cost
    // more here than the second core saved. Each output row is computed by the same chains of
    // operations either way: the same bits as on one thread (tested).

    /** Batches from this many samples are evaluated in parts, one per kernel thread. */
    static final int MIN_PARALLEL_BATCH = 256;

    private Sequential[] replicas = new Sequential[0];
    private Batch[] replicaBatches;
    private Matrix parted;          // (batch, K) the parts' outputs, assembled

    /** Threads to evaluate a batch on: the model's kernel threads, if its batches are large enough. */
    private int parts() {
        int threads = model.backend().threads();
        if (batch < MIN_PARALLEL_BATCH || threads == 1) return 1;
        return Math.min(threads, batch / (MIN_PARALLEL_BATCH / 2));
    }

    private void prepareReplicas(int parts) {
        if (replicas.length != parts) {
            replicas = new Sequential[parts];
            replicaBatches = new Batch[parts];
            int rows = (batch + parts - 1) / parts;
            for (int t = 0; t < parts; t++) {
                replicas[t] = model.replica();
                replicas[t].use(Backend.fastest(1)); // no worker threads: released with the replica
                replicas[t].reserve(rows);
                replicaBatches[t] = new Batch(normalization, rows, model.inputs());
            }
            parted = new Matrix(batch, model.outputs());
        }
        for (Parameter p : model.parameters()) p.prepareForReading(); // up to date before the threads read it
    }

    private Matrix forwardInParts(Dataset data, int from, int count, int parts) {
        int k = model.outputs();
        parted.reshapeRows(count);
        float[] out = parted.data();
        model.backend().runParts(parts, t -> {
            int r0 = (int) ((long) count * t / parts), r1 = (int) ((long) count * (t + 1) / parts);
            Batch b = replicaBatches[t];
            Matrix o = replicas[t].forward(b.load(replicas[t], data, order, from + r0, r1 - r0));
            System.arraycopy(o.data(), 0, out, r0 * k, (r1 - r0) * k);
        });
        return parted;
    }

    private void check(Dataset data) {
        if (data.features() != model.inputs()) {
            throw new WorkshopException(data.name() + " has " + data.features() + " pixels per image but the model expects "
                    + model.inputs());
        }
    }

    /** The model's outputs (logits for a network trained with cross-entropy), (N, K). */
    public Matrix outputs(Dataset data) {
        Matrix all = new Matrix(data.count(), model.outputs());
        int k = model.outputs();
        run(data, (from, out) -> System.arraycopy(out.data(), 0, all.data(), from * k, out.size()));
        return all;
    }

    /** Softmax of the outputs: the predicted probability of each class, (N, K). */
    public Matrix probabilities(Dataset data) {
        Matrix p = outputs(data);
        Matrix.softmaxRows(p, p);
        return p;
    }

    /** The predicted class (the largest output) of every sample, (N). */
    public int[] predict(Dataset data) {
        int[] all = new int[data.count()];
        run(data, (from, out) -> {
            Matrix.argmaxRows(out, predicted);
            System.arraycopy(predicted, 0, all, from, out.rows());
        });
        return all;
    }

    /** Mean loss, accuracy and predictions over all of {@code data}. */
    public Evaluation evaluate(Dataset data, LossKind lossKind) {
        int[] all = new int[data.count()];
        double[] totals = lossAndCorrect(data, lossKind.create(), all);
        int n = data.count();
        return new Evaluation(n, totals[0] / n, totals[1] / n, all);
    }

    /**
     * Σ (batch loss · batch size) and the number correct over all of {@code data}; predictions are
     * written to {@code predictionsOut} when it is not null. Allocates nothing per batch.
     */
    double[] lossAndCorrect(Dataset data, Loss loss, int[] predictionsOut) {
        double[] totals = new double[2];
        run(data, (from, out) -> {
            int count = out.rows();
            for (int r = 0; r < count; r++) labels[r] = data.label(from + r);
            totals[0] += loss.forward(out, labels) * count;
            Matrix.argmaxRows(out, predicted);
            for (int r = 0; r < count; r++) {
                if (predicted[r] == labels[r]) totals[1]++;
            }
            if (predictionsOut != null) System.arraycopy(predicted, 0, predictionsOut, from, count);
        });
        return totals;
    }
}
