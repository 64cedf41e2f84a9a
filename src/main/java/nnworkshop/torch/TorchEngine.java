package nnworkshop.torch;

import java.util.Map;
import java.util.Objects;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.nn.Init;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Tensor;
import nnworkshop.train.Engine;
import nnworkshop.train.Evaluation;
import nnworkshop.train.MiniBatch;
import nnworkshop.train.TrainConfig;
import nnworkshop.util.Seeds;

/**
 * Part 4: libtorch (through DJL) as the training loop drives it. The loop, the batches, the
 * schedule and the checks are the from-scratch engine's ({@code train.Training}); only the tensors,
 * autograd and the update run in libtorch ({@link TorchTrainer}). The same initial weights come from
 * the from-scratch {@code spec.build(init, Seeds.init(seed))}, copied in, so both engines start
 * from the same numbers.
 *
 * <p>Holds native memory: close it.
 */
public final class TorchEngine implements Engine {
    private final TorchMlp model;
    private final boolean ownsModel;
    private final int classes;
    private TorchTrainer trainer;
    private TorchModel view;         // the model for evaluation (not owned)
    private Normalization normalization;
    private float[] x = new float[0];       // (batch, D)
    private float[] logits = new float[0];  // (batch, K) of the last step
    private int lastCount;

    private TorchEngine(TorchMlp model, boolean ownsModel) {
        this.model = Objects.requireNonNull(model);
        this.ownsModel = ownsModel;
        this.classes = model.spec().classes();
    }

    /** An engine training {@code model} in place (the caller keeps it and closes it; the engine frees only its own state). */
    public static TorchEngine over(TorchMlp model) {
        return new TorchEngine(model, false);
    }

    /**
     * A new network of shape {@code spec} with the from-scratch engine's initial weights for
     * {@code init} and {@code seed}, on libtorch with {@code threads} intra-op threads (fixed for
     * the process: see {@link TorchRuntime}).
     */
    public static TorchEngine create(ModelSpec spec, Init init, long seed, int threads) {
        TorchRuntime.start(threads);
        return new TorchEngine(TorchMlp.initialized(spec, init, Seeds.init(seed)), true);
    }

    /** A network of shape {@code spec} holding {@code weights}, on libtorch with {@code threads} threads. */
    public static TorchEngine of(ModelSpec spec, Map<String, Tensor> weights, int threads) {
        TorchRuntime.start(threads);
        return new TorchEngine(TorchMlp.fromStateDict(spec, weights), true);
    }

    @Override
    public String id() { return "torch"; }

    @Override
    public String describe() { return TorchRuntime.describe(); }

    @Override
    public int threads() { return TorchRuntime.threads(); }

    @Override
    public ModelSpec spec() { return model.spec(); }

    @Override
    public void prepare(TrainConfig config, Dataset train, Dataset validation) {
        if (trainer != null) trainer.close();
        trainer = new TorchTrainer(model, config);
        normalization = config.normalization();
        x = new float[config.batch() * model.spec().inputs()];
        logits = new float[config.batch() * classes];
    }

    @Override
    public void setLearningRate(double lr) {
        requirePrepared();
        trainer.setLearningRate(lr);
    }

    @Override
    public double computeGradients(MiniBatch b) {
        requirePrepared();
        normalization.gather(b.data(), b.order(), b.from(), b.count(), x);
        lastCount = b.count();
        return trainer.computeGradients(x, b.labels(), b.count(), logits);
    }

    @Override
    public void predictions(int[] out) {
        Matrix.argmaxRows(Matrix.wrap(logits, lastCount, classes), out);
    }

    @Override
    public void update() {
        requirePrepared();
        trainer.update();
    }

    @Override
    public Evaluation evaluate(Dataset data, Normalization norm, int batch, LossKind loss) {
        return view(norm).evaluate(data, norm, batch, loss);
    }

    @Override
    public Matrix logits(float[] xs, int n) {
        return view(Normalization.UNIT).logits(xs, n);
    }

    private TorchModel view(Normalization norm) {
        if (view == null || view.normalization() != norm) view = TorchModel.view(model, norm);
        return view;
    }

    @Override
    public Map<String, Tensor> stateDict() { return model.stateDict(); }

    @Override
    public void loadStateDict(Map<String, Tensor> state) { model.loadStateDict(state); }

    @Override
    public Map<String, Tensor> gradients() { return model.gradients(); }

    /** The libtorch network. */
    public TorchMlp model() { return model; }

    private void requirePrepared() {
        if (trainer == null) throw new IllegalStateException("prepare the engine first (the training loop does)");
    }

    @Override
    public void close() {
        if (trainer != null) trainer.close();
        if (ownsModel) model.close();
    }

    @Override
    public String toString() {
        return "TorchEngine[" + describe() + "]";
    }
}
