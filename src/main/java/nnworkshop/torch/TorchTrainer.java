package nnworkshop.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.loss.L2Loss;
import ai.djl.training.loss.Loss;
import ai.djl.training.loss.SoftmaxCrossEntropyLoss;

import nnworkshop.nn.LossKind;
import nnworkshop.train.TrainConfig;

/**
 * One training step at a time on a {@link TorchMlp}: forward, loss, backward (libtorch's
 * autograd), update — the step of the workshop's loop, which {@link TorchTraining} repeats and
 * Part 5 compares with the from-scratch engine's step by step.
 * <pre>
 *   X (n, D), y (n)  →  logits (n, K) = model(X)
 *   L = mean_i −log softmax(logits_i)[y_i]        DJL SoftmaxCrossEntropyLoss (sparse labels, from
 *                                                 logits, mean over the batch) = nn.CrossEntropyLoss()
 *   or L = mean_ij (logits_ij − onehot(y)_ij)²    DJL L2Loss with weight 1 = nn.MSELoss()
 *                                                 (DJL's default L2Loss weight is ½: not used)
 *   backward, then W ← update(W, dW) with PyTorch's rules ({@link PyTorchOptimizer}; DJL's own
 *                                                 momentum and Adam rules differ from PyTorch's)
 * </pre>
 * A hand-written {@link GradientCollector} step rather than DJL's {@code EasyTrain}: side by side
 * on MNIST (784-128-10, SGD, batch 64, 1 thread, 16 epochs each on a loaded 2-core host) the best
 * epochs took 0.66–0.74 s here against 0.76–0.82 s with {@code EasyTrain} over an
 * {@code ArrayDataset} (about 13% less, as the project's notes found), medians were alike (0.9 s);
 * and a step of our own follows the from-scratch loop line by line (the same batches in the same
 * order), frees its arrays at once and uses PyTorch's update rules. Profiled here (784-128-10, batch 64, 1 thread), a 938-step epoch
 * spends about 0.17 s in forward, 0.25 s in backward, 0.05 s in the loss, 0.07 s in the update and
 * 0.05 s moving data in and out: libtorch's own compute dominates.
 *
 * <p><b>Native memory.</b> Every array of a step lives in a sub-manager closed at the end of the
 * step; the input batch and the labels are copied into two direct buffers allocated once, so a
 * step allocates no Java direct memory either (DJL's {@code create(float[])} would allocate a new
 * direct buffer each time, freed only by the garbage collector).
 */
public final class TorchTrainer implements AutoCloseable {
    private final TorchMlp model;
    private final TrainConfig config;
    private final Loss loss;
    private final PyTorchOptimizer optimizer;
    private final int inputs;    // D
    private final int classes;   // K
    private final int capacity;  // the largest batch
    private final ByteBuffer xBuf;   // (capacity, D) float32, reused every step
    private final ByteBuffer yBuf;   // (capacity) int64
    private final Engine engine;

    /**
     * @param model  trained in place
     * @param config batch (the largest step), optimizer, lr, momentum, weight decay, loss; the
     *               learning rate can be changed later with {@link #setLearningRate}
     */
    public TorchTrainer(TorchMlp model, TrainConfig config) {
        this(model, config, true);
    }

    /** With {@code fusedUpdates} false, the readable NDArray-operation update (see {@link PyTorchOptimizer}). */
    TorchTrainer(TorchMlp model, TrainConfig config, boolean fusedUpdates) {
        this.engine = TorchRuntime.engine();
        this.model = model;
        this.config = config;
        this.inputs = model.spec().inputs();
        this.classes = model.spec().classes();
        this.capacity = config.batch();
        this.loss = config.loss() == LossKind.CROSS_ENTROPY ? new SoftmaxCrossEntropyLoss("cross_entropy")
                : new L2Loss("mse", 1f);
        this.xBuf = ByteBuffer.allocateDirect(Math.multiplyExact(capacity, inputs) * Float.BYTES).order(ByteOrder.nativeOrder());
        this.yBuf = ByteBuffer.allocateDirect(capacity * Long.BYTES).order(ByteOrder.nativeOrder());
        this.optimizer = new PyTorchOptimizer(config, model.parameters(), model.manager(), fusedUpdates);
    }

    /** The rate of the next steps (set per epoch from the schedule). */
    public void setLearningRate(double lr) {
        optimizer.setLearningRate(lr);
    }

    public double learningRate() {
        return optimizer.learningRate();
    }

    /**
     * One step on a batch.
     *
     * @param x         (n, D) normalised inputs, row-major (not modified; only the first n·D values are read)
     * @param labels    (n) classes 0..K−1 (not modified)
     * @param n         the batch size, 1..batch
     * @param logitsOut if not null, receives the step's (n, K) logits (before the update) (modified)
     * @return the batch's mean loss
     */
    public double step(float[] x, int[] labels, int n, float[] logitsOut) {
        double value = computeGradients(x, labels, n, logitsOut);
        update();
        return value;
    }

    /**
     * The first half of {@link #step}: forward, loss and backward (libtorch's autograd), leaving
     * every parameter's gradient set and the weights as they were; {@link #update} finishes the
     * step. The step's arrays live until then. Calling it again first drops the pending step
     * (its gradients are zeroed).
     */
    public double computeGradients(float[] x, int[] labels, int n, float[] logitsOut) {
        if (n <= 0 || n > capacity) throw new IllegalArgumentException("batch of " + n + " rows, expected 1.." + capacity);
        if (scope != null) dropPending();
        FloatBuffer xf = xBuf.asFloatBuffer();
        xf.put(x, 0, n * inputs);
        LongBuffer yl = yBuf.asLongBuffer();
        for (int i = 0; i < n; i++) yl.put(i, labels[i]);
        scope = model.manager().newSubManager();
        try {
            NDArray xs = scope.create(xBuf.duplicate().position(0).limit(n * inputs * Float.BYTES), new Shape(n, inputs), DataType.FLOAT32);
            NDArray ys = scope.create(yBuf.duplicate().position(0).limit(n * Long.BYTES), new Shape(n), DataType.INT64);
            NDArray logits;
            NDArray l;
            try (GradientCollector collector = engine.newGradientCollector()) {
                logits = model.forward(xs, true);
                NDArray target = config.loss() == LossKind.CROSS_ENTROPY ? ys : ys.oneHot(classes);
                l = loss.evaluate(new NDList(target), new NDList(logits));
                collector.backward(l);
            }
            double value = l.getFloat();
            if (logitsOut != null) {
                float[] out = logits.toFloatArray();
                System.arraycopy(out, 0, logitsOut, 0, out.length);
            }
            return value;
        } catch (RuntimeException e) {
            dropPending();
            throw e;
        }
    }

    /** The second half of {@link #step}: W ← update(W, dW) with PyTorch's rule; the step's arrays are freed. */
    public void update() {
        if (scope == null) throw new IllegalStateException("update before computeGradients");
        try {
            optimizer.step(scope);
        } finally {
            scope.close();
            scope = null;
        }
    }

    private NDManager scope; // the arrays of a step whose update is pending

    private void dropPending() {
        for (ai.djl.nn.Parameter p : model.parameters()) {
            NDArray g = p.getArray().getGradient();
            g.attach(scope); // the wrapper DJL made for the gradient, freed with the scope
            g.subi(g);       // libtorch adds into .grad: zero it, in place
        }
        scope.close();
        scope = null;
    }

    /** The model being trained. */
    public TorchMlp model() {
        return model;
    }

    /** Frees the optimizer's state (velocities, moments); the model stays open. */
    @Override
    public void close() {
        if (scope != null) {
            scope.close();
            scope = null;
        }
        optimizer.close();
    }

    @Override
    public String toString() {
        return "TorchTrainer[" + optimizer + ", " + loss.getName() + "]";
    }
}
