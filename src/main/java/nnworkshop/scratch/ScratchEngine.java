package nnworkshop.scratch;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Activation;
import nnworkshop.nn.ActivationLayer;
import nnworkshop.nn.Dense;
import nnworkshop.nn.Init;
import nnworkshop.nn.Layer;
import nnworkshop.nn.Loss;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.optim.Optimizer;
import nnworkshop.tensor.Backend;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Parameter;
import nnworkshop.tensor.Tensor;
import nnworkshop.train.Engine;
import nnworkshop.train.Evaluation;
import nnworkshop.train.MiniBatch;
import nnworkshop.train.TrainConfig;
import nnworkshop.util.Seeds;

/**
 * The from-scratch engine as the training loop drives it: a {@link Sequential} network, its loss
 * and optimizer, on a {@link Backend}. One step is the workshop's
 * <pre>
 *   A  = model.forward(X)          z1 = W1·X + b1, a1 = g(z1), z2 = W2·a1 + b2
 *   L  = loss.forward(A, y)        mean cross-entropy of softmax(z2)
 *   model.backward(loss.backward())   dz2 = (a2 − y)/n, dW2, db2, dz1, dW1, db1
 *   optimizer.step()               W ← W − α·dW
 * </pre>
 * with the batch loaded in the form the first layer reads fastest ({@link Batch}: its nonzero
 * pixels for MNIST). All buffers are sized in {@link #prepare}; a step allocates nothing.
 */
public final class ScratchEngine implements Engine {
    private final Sequential model;
    private final ModelSpec spec;
    private final Backend backend;
    private final boolean ownsBackend;
    private Loss loss;
    private Optimizer optimizer;
    private ReadAhead x;           // the step's batch (batch, D), dense or its nonzeros, and the next one's
    private Matrix out;            // (n, K) the last step's outputs (the model's buffer)
    private Evaluator evaluator;   // the last one used, kept for the next validation

    /**
     * The kernel threads used when none are asked for: one per core, up to 4 (the products of this
     * small network gain nothing beyond). The one place this default is computed.
     */
    public static int defaultThreads() {
        return Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    /** An engine over {@code model} whose products run on {@code backend} (the caller keeps it and closes it). */
    public ScratchEngine(Sequential model, Backend backend) {
        this(model, backend, false);
    }

    private ScratchEngine(Sequential model, Backend backend, boolean ownsBackend) {
        this.model = Objects.requireNonNull(model);
        this.spec = specOf(model);
        this.backend = Objects.requireNonNull(backend);
        this.ownsBackend = ownsBackend;
        model.use(backend);
    }

    /**
     * A new network of shape {@code spec}, initialised by {@code init} from {@link Seeds#init}({@code seed}),
     * on the fastest kernels with {@code threads} threads (closed with the engine).
     */
    public static ScratchEngine create(ModelSpec spec, Init init, long seed, int threads) {
        return new ScratchEngine(spec.build(init, Seeds.init(seed)), Backend.fastest(threads), true);
    }

    /** An engine over {@code model} on the fastest kernels with {@code threads} threads (closed with the engine). */
    public static ScratchEngine of(Sequential model, int threads) {
        return new ScratchEngine(model, Backend.fastest(threads), true);
    }

    @Override
    public String id() { return "scratch"; }

    @Override
    public String describe() { return backend.describe(); }

    @Override
    public int threads() { return backend.threads(); }

    @Override
    public ModelSpec spec() {
        return spec;
    }

    /** The shape of {@code model}: its dense layers' sizes, its first activation (ReLU if none). */
    private static ModelSpec specOf(Sequential model) {
        List<Dense> dense = model.denseLayers();
        int[] sizes = new int[dense.size() + 1];
        sizes[0] = dense.get(0).inputs();
        for (int i = 0; i < dense.size(); i++) sizes[i + 1] = dense.get(i).outputs();
        Activation act = Activation.RELU;
        for (Layer l : model.layers()) {
            if (l instanceof ActivationLayer a) {
                act = a.kind();
                break;
            }
        }
        return new ModelSpec(sizes, act);
    }

    /** The network (its parameters are the engine's). */
    public Sequential model() { return model; }

    @Override
    public void prepare(TrainConfig config, Dataset train, Dataset validation) {
        int batch = config.batch(), k = model.outputs();
        Normalization norm = config.normalization();
        // list the nonzero pixels (once per data set) before the clock of the first epoch starts,
        // while a warm-up may still be compiling the kernels on the other core
        Batch.sparse(model, norm, train);
        if (validation != null) Batch.sparse(model, norm, validation);
        Warmup.stop(); // a warm-up still running would compete for the cores
        model.reserve(Math.max(batch, config.evalBatch()));
        loss = config.loss().create();
        loss.reserve(batch, k);
        optimizer = Optimizer.create(config.optimizer(), model.parameters(), config.momentum(), config.weightDecay());
        if (x != null) x.finish();
        x = new ReadAhead(model, backend, norm, batch);
        if (validation != null) evaluator(norm, config.evalBatch());
    }

    @Override
    public void setLearningRate(double lr) {
        requirePrepared();
        optimizer.setLearningRate(lr);
    }

    @Override
    public double computeGradients(MiniBatch b) {
        requirePrepared();
        Matrix xb = x.load(b);                           // (and the next batch started)
        if (b.from() == 0 && x.passes() == 2 && PLACEMENT) placeFirstLayer(xb); // the second pass's first step
        out = model.forward(xb);                         // A = model(X)
        double l = loss.forward(out, b.labels());        // L = loss(A, y)
        model.backward(loss.backward());                 // dW, db of every layer
        return l;
    }

    /**
     * Whether training places the first layer's working copy ({@link #placeFirstLayer}); the system
     * property {@code nnworkshop.placement=false} turns it off (to measure what it does).
     */
    private static final boolean PLACEMENT = Boolean.parseBoolean(System.getProperty("nnworkshop.placement", "true"));

    /**
     * At the start of the second pass (the kernels compiled, the first layer's arrays settled in the
     * old generation after the first pass's collections): where the first layer's working copy of
     * Wᵀ starts in its array, and where the copy of dZ its weight gradient reads, chosen by timing
     * its products on this batch at each offset ({@link Backend#placeFirstLayerArrays}; a few
     * milliseconds, once).
     */
    private void placeFirstLayer(Matrix xb) {
        List<Dense> dense = model.denseLayers();
        if (dense.isEmpty()) return;
        Dense first = dense.get(0);
        backend.placeFirstLayerArrays(xb, first.weight(), first.bias(), new Matrix(xb.rows(), first.outputs()));
    }

    @Override
    public void predictions(int[] predicted) {
        if (out == null) throw new IllegalStateException("no step yet");
        Matrix.argmaxRows(out, predicted);
    }

    @Override
    public void update() {
        requirePrepared();
        optimizer.step();                                // W ← update(W, dW)
    }

    @Override
    public Evaluation evaluate(Dataset data, Normalization normalization, int batch, LossKind lossKind) {
        return evaluator(normalization, batch).evaluate(data, lossKind);
    }

    private Evaluator evaluator(Normalization normalization, int batch) {
        if (evaluator == null || evaluator.batch() != batch || evaluator.normalization().mean() != normalization.mean()
                || evaluator.normalization().std() != normalization.std()) {
            evaluator = new Evaluator(model, normalization, batch);
        }
        return evaluator;
    }

    @Override
    public Matrix logits(float[] xs, int n) {
        int d = model.inputs();
        if ((long) n * d > xs.length) throw new IllegalArgumentException(n + " inputs of " + d + " need " + (long) n * d
                + " values, got " + xs.length);
        model.reserve(n);
        Matrix m = new Matrix(n, d);
        System.arraycopy(xs, 0, m.data(), 0, n * d);
        return model.forward(m).copy();
    }

    @Override
    public Map<String, Tensor> stateDict() { return model.stateDict(); }

    @Override
    public void loadStateDict(Map<String, Tensor> state) { model.loadStateDict(state); }

    @Override
    public Map<String, Tensor> gradients() {
        Map<String, Tensor> g = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) g.put(p.name(), new Tensor(p.shape(), p.grad().toArray()));
        return g;
    }

    /** Steps so far that found their batch read ahead by a kernel thread (for tests). */
    long batchesReadAhead() {
        return x == null ? 0 : x.used();
    }

    private void requirePrepared() {
        if (optimizer == null) throw new IllegalStateException("prepare the engine first (the training loop does)");
    }

    @Override
    public void close() {
        if (x != null) x.finish();
        if (ownsBackend) backend.close();
    }

    @Override
    public String toString() {
        return "ScratchEngine[" + describe() + "]";
    }
}
