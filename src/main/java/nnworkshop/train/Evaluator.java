package nnworkshop.train;

import java.util.Objects;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Loss;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.kernel.Elementwise;

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

    /** Loss and accuracy over a data set, with every prediction. */
    public record Evaluation(int count, double loss, double accuracy, int[] predictions) {}

    private final Sequential model;
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
        this.batch = batch;
        this.x = new Batch(Objects.requireNonNull(normalization), batch, model.inputs());
        this.labels = new int[batch];
        this.predicted = new int[batch];
    }

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
        for (int from = 0; from < n; from += batch) {
            int count = Math.min(batch, n - from);
            x.load(model, data, order, from, count);
            sink.accept(from, x.forward(model));
        }
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
            Elementwise.argmaxRows(out.data(), count, out.cols(), predicted);
            for (int r = 0; r < count; r++) {
                if (predicted[r] == labels[r]) totals[1]++;
            }
            if (predictionsOut != null) System.arraycopy(predicted, 0, predictionsOut, from, count);
        });
        return totals;
    }
}
