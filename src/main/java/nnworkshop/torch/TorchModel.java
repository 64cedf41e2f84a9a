package nnworkshop.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.loss.L2Loss;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;

import nnworkshop.WorkshopException;
import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.model.ModelFile;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Tensor;
import nnworkshop.train.Evaluation;

/**
 * A trained MLP on PyTorch, for inference: logits, predictions, loss and accuracy over a
 * <em>whole</em> data set in batches (the last partial batch included), the torch counterpart of
 * the from-scratch {@code Evaluator}. Holds native memory: close it.
 *
 * <p>Shapes: X (N, D) normalised pixels, logits (N, K). Not thread-safe: one evaluation at a time
 * (it reuses its batch buffers).
 */
public final class TorchModel implements AutoCloseable {
    private final TorchMlp mlp;
    private final Normalization normalization;
    private final Map<String, String> metadata;
    private final boolean owned;
    private float[] x = new float[0];                    // (rows, D) the batch being gathered
    private ByteBuffer xBuf = ByteBuffer.allocateDirect(0); // the same, for libtorch; reused while big enough
    private ByteBuffer yBuf = ByteBuffer.allocateDirect(0); // (rows) int64 labels

    private TorchModel(TorchMlp mlp, Normalization normalization, Map<String, String> metadata, boolean owned) {
        this.mlp = mlp;
        this.normalization = normalization;
        this.metadata = Map.copyOf(metadata);
        this.owned = owned;
    }

    /**
     * Loads a model file written by {@code train --save} (by either implementation).
     *
     * @throws WorkshopException naming the file if it is missing, malformed or not an MLP
     */
    public static TorchModel load(Path file) {
        ModelFile.Loaded m = ModelFile.load(file);
        return new TorchModel(TorchMlp.fromStateDict(m.spec(), m.model().stateDict()), m.normalization(), m.metadata(), true);
    }

    /**
     * Loads a model file into the architecture the user asked for.
     *
     * @throws WorkshopException naming the file if it is missing or malformed, or its tensors do
     *     not fit {@code spec} (e.g. "tensor '0.weight' has shape (128, 784) but this model expects (256, 784)")
     */
    public static TorchModel load(Path file, ModelSpec spec) {
        ModelFile.Loaded m = ModelFile.load(file);
        if (m.spec().activation() != spec.activation()) {
            throw new WorkshopException(file + ": the model was trained with " + m.spec().activation().id()
                    + " but " + spec.activation().id() + " was asked for");
        }
        try {
            return new TorchModel(TorchMlp.fromStateDict(spec, m.model().stateDict()), m.normalization(), m.metadata(), true);
        } catch (WorkshopException e) {
            throw new WorkshopException(file + ": " + e.getMessage(), e);
        }
    }

    /** A model from weights in memory (e.g. a {@code TrainingRun}'s), which this object then owns. */
    public static TorchModel of(ModelSpec spec, Map<String, Tensor> weights, Normalization normalization) {
        return new TorchModel(TorchMlp.fromStateDict(spec, weights), normalization, Map.of(), true);
    }

    /** A view of a network being trained (closing the view does not close the network). */
    static TorchModel view(TorchMlp mlp, Normalization normalization) {
        return new TorchModel(mlp, normalization, Map.of(), false);
    }

    public ModelSpec spec() {
        return mlp.spec();
    }

    /** The input normalisation saved with the model (UNIT for {@link #of} unless given). */
    public Normalization normalization() {
        return normalization;
    }

    /** The model file's metadata (empty for a model made in memory). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The network's weights by state-dict name. */
    public Map<String, Tensor> stateDict() {
        return mlp.stateDict();
    }

    /**
     * Logits of {@code n} already normalised inputs (e.g. from {@code DigitPreprocessor}).
     *
     * @param x (n, D) row-major (not modified)
     * @return (n, K) logits
     */
    public Matrix logits(float[] x, int n) {
        int d = spec().inputs(), k = spec().classes();
        if (n < 0 || (long) n * d > x.length) {
            throw new IllegalArgumentException(n + " rows of " + d + " need " + (long) n * d + " values, got " + x.length);
        }
        Matrix out = new Matrix(n, k);
        if (n == 0) return out;
        try (NDManager scope = mlp.manager().newSubManager()) {
            NDArray xs = scope.create(input(x, 0, n * d), new Shape(n, d), DataType.FLOAT32);
            float[] z = mlp.forward(xs, false).toFloatArray();
            System.arraycopy(z, 0, out.data(), 0, z.length);
        }
        return out;
    }

    /** Logits of every sample of {@code data}, (N, K), in batches of {@code batch}. */
    public Matrix logits(Dataset data, Normalization norm, int batch) {
        Matrix all = new Matrix(data.count(), spec().classes());
        int k = spec().classes();
        run(data, norm, batch, null, (from, count, z, loss) -> System.arraycopy(z, 0, all.data(), from * k, z.length));
        return all;
    }

    /** The predicted class (largest logit; the first of equals) of every sample, (N). */
    public int[] predict(Dataset data, Normalization norm, int batch) {
        int[] all = new int[data.count()];
        int k = spec().classes();
        int[] pred = new int[batch];
        run(data, norm, batch, null, (from, count, z, loss) -> {
            Matrix.argmaxRows(Matrix.wrap(z, count, k), pred);
            System.arraycopy(pred, 0, all, from, count);
        });
        return all;
    }

    /** Mean loss ({@code lossKind}, computed by libtorch), accuracy and predictions over all of {@code data}. */
    public Evaluation evaluate(Dataset data, Normalization norm, int batch, LossKind lossKind) {
        int n = data.count(), k = spec().classes();
        int[] all = new int[n];
        int[] pred = new int[batch];
        double[] totals = new double[2];
        run(data, norm, batch, lossKind, (from, count, z, loss) -> {
            Matrix.argmaxRows(Matrix.wrap(z, count, k), pred);
            totals[0] += loss * count;
            for (int r = 0; r < count; r++) {
                all[from + r] = pred[r];
                if (pred[r] == data.label(from + r)) totals[1]++;
            }
        });
        return new Evaluation(n, totals[0] / n, totals[1] / n, all);
    }

    /** Receives each batch's logits (count, K) and, when asked for, its mean loss. */
    private interface BatchSink {
        void accept(int from, int count, float[] logits, double loss);
    }

    private void run(Dataset data, Normalization norm, int batch, LossKind lossKind, BatchSink sink) {
        if (batch <= 0) throw new IllegalArgumentException("batch must be positive, got " + batch);
        int d = spec().inputs(), k = spec().classes(), n = data.count();
        if (data.features() != d) {
            throw new WorkshopException(data.name() + " has " + data.features() + " pixels per image but the model expects " + d);
        }
        int rows = Math.min(batch, Math.max(n, 1));
        if (x.length < rows * d) {
            x = new float[rows * d];
            xBuf = ByteBuffer.allocateDirect(rows * d * Float.BYTES).order(ByteOrder.nativeOrder());
            yBuf = ByteBuffer.allocateDirect(rows * Long.BYTES).order(ByteOrder.nativeOrder());
        }
        ByteBuffer xb = xBuf, yb = yBuf;
        Loss loss = lossKind == null ? null : lossKind == LossKind.CROSS_ENTROPY ? new SoftmaxCrossEntropyLoss("cross_entropy")
                : new L2Loss("mse", 1f);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int from = 0; from < n; from += rows) {
            int count = Math.min(rows, n - from);
            norm.gather(data, order, from, count, x);
            xb.asFloatBuffer().put(x, 0, count * d);
            try (NDManager scope = mlp.manager().newSubManager()) {
                NDArray xs = scope.create(xb.duplicate().position(0).limit(count * d * Float.BYTES), new Shape(count, d), DataType.FLOAT32);
                NDArray z = mlp.forward(xs, false);
                double l = Double.NaN;
                if (loss != null) {
                    LongBuffer yl = yb.asLongBuffer();
                    for (int r = 0; r < count; r++) yl.put(r, data.label(from + r));
                    NDArray ys = scope.create(yb.duplicate().position(0).limit(count * Long.BYTES), new Shape(count), DataType.INT64);
                    NDArray target = lossKind == LossKind.CROSS_ENTROPY ? ys : ys.oneHot(k);
                    l = loss.evaluate(new NDList(target), new NDList(z)).getFloat();
                }
                sink.accept(from, count, z.toFloatArray(), l);
            }
        }
    }

    /** Copies x[from .. from+len) into a new direct buffer (single predictions: small). */
    private static ByteBuffer input(float[] x, int from, int len) {
        ByteBuffer b = ByteBuffer.allocateDirect(len * Float.BYTES).order(ByteOrder.nativeOrder());
        b.asFloatBuffer().put(x, from, len);
        return b;
    }

    /** Frees the network (unless this is a view of a network someone else owns). */
    @Override
    public void close() {
        if (owned) mlp.close();
    }

    @Override
    public String toString() {
        return "TorchModel[" + spec().describe() + ", " + normalization + "]";
    }
}
