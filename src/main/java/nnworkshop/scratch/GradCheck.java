package nnworkshop.scratch;

import nnworkshop.tensor.Backend;
import nnworkshop.util.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import nnworkshop.nn.Init;
import nnworkshop.nn.Layer;
import nnworkshop.nn.LossKind;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.nn.Softmax;
import nnworkshop.nn.reference.ReferenceMlp;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Parameter;

/**
 * Gradient checking: is backpropagation right? For a random network and batch it compares, for
 * every parameter tensor,
 * <ol>
 *   <li>the analytic gradient of the double-precision reference ({@link ReferenceMlp}) with the
 *       central difference (L(θ + h) − L(θ − h)) / 2h, also in double — the maths is right; and</li>
 *   <li>the float32 engine's gradient with that analytic gradient — the engine does the maths.</li>
 * </ol>
 * A tensor's error is max|num − ana| / max(|num| + |ana|) over its checked entries, the maxima
 * taken over the tensor (so entries whose gradient is nearly 0 do not blow the ratio up). In double
 * with h = 1e-5 a correct gradient gives 1e-11 to 1e-8; a wrong one gives 1e-2 or more. (At a kink
 * of ReLU or leaky ReLU a central difference is wrong by construction: when z of some unit lies
 * within h·|x| of 0 the check can report up to ~1e-5 on a correct gradient. With random inputs
 * this is rare: 2 in 3,000 tiny random networks with one-unit layers, never on the workshop's.)
 *
 * <p>The engine's error is max|engine − ana| / max|ana| over the tensor. float32 gives about 1e-7
 * typically; up to a few 1e-5 where a tensor's gradients are small sums of larger terms of
 * opposite sign (cancellation deep in a tiny network), hence {@link #ENGINE_TOLERANCE} = 1e-4,
 * still a hundred times below what a wrong equation gives.
 */
public final class GradCheck {
    /** The largest relative error of (1.) that counts as correct. */
    public static final double TOLERANCE = 1e-6;
    /** The largest engine-vs-reference gradient error (2.) expected from float32 arithmetic. */
    public static final double ENGINE_TOLERANCE = 1e-4;
    /** The largest engine-vs-reference difference of the loss, relative to max(1, |loss|). */
    public static final double LOSS_TOLERANCE = 1e-5;

    /**
     * @param loss          which loss to differentiate
     * @param softmaxOutput end the network with a {@link Softmax} layer (only with MSE)
     * @param init          how to draw the random weights (PyTorch's default gives non-zero biases)
     * @param batch         samples in the random batch
     * @param seed          the seed for weights, inputs, labels and sampled entries
     * @param h             the finite-difference step (1e-5)
     * @param maxEntries    at most this many entries of each tensor are checked (chosen at random)
     */
    public record Options(LossKind loss, boolean softmaxOutput, Init init, int batch, long seed, double h,
                          int maxEntries) {
        public static Options defaults() {
            return new Options(LossKind.CROSS_ENTROPY, false, Init.PYTORCH, 4, Seeds.DEFAULT, 1e-5, 100);
        }

        public Options withLoss(LossKind l, boolean softmax) {
            return new Options(l, softmax, init, batch, seed, h, maxEntries);
        }

        public Options withSeed(long s) {
            return new Options(loss, softmaxOutput, init, batch, s, h, maxEntries);
        }
    }

    /**
     * One parameter tensor's check.
     *
     * @param name           its state-dict name, e.g. "0.weight"
     * @param shape          its shape, e.g. "(128, 784)"
     * @param checked        entries compared with a central difference
     * @param relativeError  reference analytic vs numeric (should be ≤ {@link #TOLERANCE})
     * @param engineError    float32 engine vs reference analytic, over all entries (≤ {@link #ENGINE_TOLERANCE})
     */
    public record Result(String name, String shape, int checked, double relativeError, double engineError) {
        public boolean passed() {
            return relativeError <= TOLERANCE && engineError <= ENGINE_TOLERANCE;
        }
    }

    /** Every tensor's result, and the loss by both paths. */
    public record Report(ModelSpec spec, Options options, double referenceLoss, double engineLoss, List<Result> tensors) {
        public boolean passed() {
            return tensors.stream().allMatch(Result::passed)
                    && Math.abs(referenceLoss - engineLoss) <= LOSS_TOLERANCE * Math.max(1, Math.abs(referenceLoss));
        }
    }

    private GradCheck() {}

    /** Checks a random network of {@code spec} on a random batch (inputs uniform in [0, 1), as pixels). */
    public static Report run(ModelSpec spec, Options o) {
        if (o.batch() <= 0 || o.maxEntries() <= 0 || !(o.h() > 0)) throw new IllegalArgumentException("bad options " + o);
        SplittableRandom rng = Seeds.gradCheck(o.seed());
        Sequential engine = build(spec, o, rng);
        int n = o.batch(), d = spec.inputs(), k = spec.classes();
        double[] x = new double[n * d];
        Matrix xf = new Matrix(n, d);
        for (int i = 0; i < x.length; i++) {
            xf.data()[i] = (float) rng.nextDouble();
            x[i] = xf.data()[i];           // the same values in both paths
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) y[i] = rng.nextInt(k);

        ReferenceMlp ref = new ReferenceMlp(spec, o.softmaxOutput(), o.loss());
        ref.copyFrom(engine);
        double[][] dW = new double[ref.layers()][], db = new double[ref.layers()][];
        for (int l = 0; l < ref.layers(); l++) {
            dW[l] = new double[ref.w[l].length];
            db[l] = new double[ref.b[l].length];
        }
        double refLoss = ref.lossAndGradients(x, n, y, dW, db);

        engine.use(Backend.reference());
        nnworkshop.nn.Loss loss = o.loss().create();
        double engineLoss = loss.forward(engine.forward(xf), y);
        engine.backward(loss.backward());

        List<Result> results = new ArrayList<>();
        List<Parameter> params = engine.parameters();
        for (int p = 0; p < params.size(); p++) {
            int l = p / 2;
            boolean isWeight = p % 2 == 0;
            double[] theta = isWeight ? ref.w[l] : ref.b[l];
            double[] analytic = isWeight ? dW[l] : db[l];
            int[] entries = sample(theta.length, o.maxEntries(), rng);
            double maxDiff = 0, maxSum = 0;
            for (int i : entries) {
                double keep = theta[i];
                theta[i] = keep + o.h();
                double plus = ref.loss(x, n, y);
                theta[i] = keep - o.h();
                double minus = ref.loss(x, n, y);
                theta[i] = keep;
                double numeric = (plus - minus) / (2 * o.h());
                maxDiff = Math.max(maxDiff, Math.abs(numeric - analytic[i]));
                maxSum = Math.max(maxSum, Math.abs(numeric) + Math.abs(analytic[i]));
            }
            Parameter param = params.get(p);
            float[] g = param.grad().data();
            double engDiff = 0, scale = 0;
            for (int i = 0; i < analytic.length; i++) {
                engDiff = Math.max(engDiff, Math.abs(g[i] - analytic[i]));
                scale = Math.max(scale, Math.abs(analytic[i]));
            }
            results.add(new Result(param.name(), param.shapeText(), entries.length, ratio(maxDiff, maxSum),
                    ratio(engDiff, scale)));
        }
        return new Report(spec, o, refLoss, engineLoss, List.copyOf(results));
    }

    /** Builds the float32 engine network of the check (with a trailing softmax if asked). */
    static Sequential build(ModelSpec spec, Options o, SplittableRandom rng) {
        if (o.softmaxOutput() && o.loss() == LossKind.CROSS_ENTROPY) {
            throw new IllegalArgumentException("cross-entropy takes logits: no softmax output layer with it");
        }
        Sequential model = spec.build(o.init(), rng);
        if (!o.softmaxOutput()) return model;
        List<Layer> layers = new ArrayList<>(model.layers());
        layers.add(new Softmax());
        return new Sequential(layers);
    }

    private static double ratio(double diff, double scale) {
        return diff == 0 ? 0 : diff / Math.max(scale, 1e-300);
    }

    /** All indices 0..size−1 if there are at most {@code max}, else {@code max} distinct ones at random. */
    private static int[] sample(int size, int max, SplittableRandom rng) {
        int[] all = new int[size];
        for (int i = 0; i < size; i++) all[i] = i;
        if (size <= max) return all;
        for (int i = 0; i < max; i++) {
            int j = i + rng.nextInt(size - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        return java.util.Arrays.copyOf(all, max);
    }
}
