package nnworkshop.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.L2Loss;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;

import nnworkshop.nn.Init;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.tensor.Tensor;

/**
 * The loss and the gradient of every parameter for <em>given</em> weights and a given batch,
 * computed by libtorch's autograd — forward, loss, backward, and <em>no</em> update. What Part 5's
 * lock-step comparison asks of PyTorch at each checkpoint: "here are the from-scratch engine's
 * current weights and its batch; what loss and what gradients do you get?"
 * <pre>
 *   W (state dict), X (n, D), y (n)  →  L = loss(model_W(X), y),  ∂L/∂W for every tensor of W
 * </pre>
 * The loss is the one {@link TorchTrainer} trains with (mean cross-entropy on logits, or MSE
 * against one-hot targets), so the gradients are those a training step would apply.
 *
 * <p>The weights are copied into the network's parameters in place at each call (no new model);
 * the gradients libtorch accumulates into {@code .grad} are read and then zeroed, so calls are
 * independent. Holds native memory: close it.
 */
public final class TorchGradients implements AutoCloseable {
    /**
     * What one call computed.
     *
     * @param loss      the batch's mean loss
     * @param gradients ∂loss/∂W by state-dict name, in order ("0.weight" (H, D), "0.bias" (H), …)
     */
    public record Result(double loss, Map<String, Tensor> gradients) {}

    private final TorchMlp model;
    private final LossKind lossKind;
    private final Loss loss;
    private final Engine engine;
    private final List<Parameter> params;
    private final List<String> names;
    private final List<int[]> shapes;
    private final List<ByteBuffer> weightBufs;  // one per parameter: its float32 values on their way in
    private ByteBuffer xBuf = ByteBuffer.allocateDirect(0);  // (n, D) float32, grown when needed
    private ByteBuffer yBuf = ByteBuffer.allocateDirect(0);  // (n) int64

    /**
     * A network of shape {@code spec} whose weights are set by each {@link #compute} call.
     *
     * @param lossKind the loss to differentiate
     */
    public TorchGradients(ModelSpec spec, LossKind lossKind) {
        this.engine = TorchRuntime.engine();
        this.model = TorchMlp.initialized(spec, Init.PYTORCH, new SplittableRandom(0)); // overwritten by compute
        this.lossKind = lossKind;
        this.loss = lossKind == LossKind.CROSS_ENTROPY ? new SoftmaxCrossEntropyLoss("cross_entropy")
                : new L2Loss("mse", 1f);
        this.params = model.parameters();
        this.names = model.parameterNames();
        this.shapes = new ArrayList<>();
        this.weightBufs = new ArrayList<>();
        for (Parameter p : params) {
            long[] s = p.getArray().getShape().getShape();
            shapes.add(Arrays.stream(s).mapToInt(Math::toIntExact).toArray());
            weightBufs.add(ByteBuffer.allocateDirect(Math.toIntExact(p.getArray().size()) * Float.BYTES)
                    .order(ByteOrder.nativeOrder()));
        }
    }

    /**
     * Sets the weights, runs forward, the loss and backward on one batch, and returns the loss and
     * every gradient (the weights are not updated).
     *
     * @param weights by state-dict name, exactly this network's tensors and shapes (not modified)
     * @param x       (n, D) normalised inputs, row-major (not modified; the first n·D values are read)
     * @param labels  (n) classes 0..K−1 (not modified)
     * @param n       the batch size, ≥ 1
     * @throws nnworkshop.WorkshopException naming a missing, unexpected or mis-shaped tensor
     */
    public Result compute(Map<String, Tensor> weights, float[] x, int[] labels, int n) {
        int d = model.spec().inputs(), k = model.spec().classes();
        if (n <= 0 || (long) n * d > x.length || n > labels.length) {
            throw new IllegalArgumentException("a batch of " + n + " rows needs " + (long) n * d + " inputs and " + n
                    + " labels, got " + x.length + " and " + labels.length);
        }
        load(weights);
        if (xBuf.capacity() < n * d * Float.BYTES) {
            xBuf = ByteBuffer.allocateDirect(n * d * Float.BYTES).order(ByteOrder.nativeOrder());
            yBuf = ByteBuffer.allocateDirect(n * Long.BYTES).order(ByteOrder.nativeOrder());
        }
        xBuf.asFloatBuffer().put(x, 0, n * d);
        LongBuffer yl = yBuf.asLongBuffer();
        for (int i = 0; i < n; i++) yl.put(i, labels[i]);

        Map<String, Tensor> grads = new LinkedHashMap<>();
        double value;
        try (NDManager scope = model.manager().newSubManager()) {
            NDArray xs = scope.create(xBuf.duplicate().position(0).limit(n * d * Float.BYTES), new Shape(n, d), DataType.FLOAT32);
            NDArray ys = scope.create(yBuf.duplicate().position(0).limit(n * Long.BYTES), new Shape(n), DataType.INT64);
            NDArray l;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray logits = model.forward(xs, true);
                NDArray target = lossKind == LossKind.CROSS_ENTROPY ? ys : ys.oneHot(k);
                l = loss.evaluate(new NDList(target), new NDList(logits));
                collector.backward(l);
            }
            value = l.getFloat();
            for (int i = 0; i < params.size(); i++) {
                NDArray dW = params.get(i).getArray().getGradient();
                dW.attach(scope); // the wrapper DJL made for the gradient, freed with the scope
                grads.put(names.get(i), new Tensor(shapes.get(i), dW.toFloatArray()));
                dW.subi(dW); // libtorch adds into .grad: zero it for the next call
            }
        }
        return new Result(value, grads);
    }

    /** Copies {@code weights} into the parameters, after checking names and shapes as the from-scratch engine does. */
    private void load(Map<String, Tensor> weights) {
        boolean fits = weights.size() == names.size();
        for (int i = 0; fits && i < names.size(); i++) {
            Tensor t = weights.get(names.get(i));
            fits = t != null && Arrays.equals(t.shape(), shapes.get(i));
        }
        if (!fits) { // the from-scratch engine's check throws, with its messages: one set of rules
            model.spec().build(Init.PYTORCH, new SplittableRandom(0)).loadStateDict(weights);
        }
        try (NDManager scope = model.manager().newSubManager()) {
            for (int i = 0; i < params.size(); i++) {
                ByteBuffer b = weightBufs.get(i);
                b.asFloatBuffer().put(weights.get(names.get(i)).data());
                NDArray w = params.get(i).getArray();
                NDArray src = scope.create(b.duplicate().order(ByteOrder.nativeOrder()).position(0), w.getShape(), DataType.FLOAT32);
                // W ← 0·W + src, in place: the parameter keeps its identity (and its .grad); NDArray.set
                // would do it in one call but makes libtorch print a deprecation warning on the console
                w.muli(0f).addi(src);
            }
        }
    }

    /** The network's shape. */
    public ModelSpec spec() {
        return model.spec();
    }

    @Override
    public void close() {
        model.close();
    }
}
