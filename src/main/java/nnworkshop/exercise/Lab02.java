package nnworkshop.exercise;

import static nnworkshop.exercise.Checks.compare;
import static nnworkshop.exercise.Checks.fail;
import static nnworkshop.exercise.Checks.first;
import static nnworkshop.exercise.Checks.mistake;
import static nnworkshop.exercise.Checks.pass;
import static nnworkshop.exercise.Checks.run;
import static nnworkshop.exercise.Checks.show;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;

import nnworkshop.data.DataStore;
import nnworkshop.data.Dataset;
import nnworkshop.data.DatasetKind;
import nnworkshop.data.MnistData;
import nnworkshop.exercise.Checks.Verdict;
import nnworkshop.nn.ActivationLayer;
import nnworkshop.nn.Dense;
import nnworkshop.nn.Init;
import nnworkshop.nn.ModelSpec;
import nnworkshop.nn.Sequential;
import nnworkshop.nn.SoftmaxCrossEntropy;
import nnworkshop.tensor.Matrix;
import nnworkshop.util.Seeds;

/**
 * The checks of Part 2's lab, where the learner writes the one-hidden-layer network in plain
 * {@code double[][]} arrays, one image per row (the shape legend: N batch, D = 784 inputs, H hidden
 * units, K = 10 classes):
 * <pre>
 *   X = pixels / 255                     (N, D)
 *   z1 = X·W1ᵀ + b1,  a1 = relu(z1)      (N, H)       W1 (H, D), b1 (H)
 *   z2 = a1·W2ᵀ + b2, a2 = softmax(z2)   (N, K)       W2 (K, H), b2 (K)
 *   L = −(1/N) Σ_i log a2[i][y_i]
 *   dz2 = (a2 − Y)/N                     (N, K)
 *   dW2 = dz2ᵀ·a1 (K, H),  db2 = Σ_i dz2[i]  (K)
 *   dz1 = (dz2·W2) ⊙ relu′(z1)           (N, H)
 *   dW1 = dz1ᵀ·X  (H, D),  db1 = Σ_i dz1[i]  (H)
 *   W ← W − α·dW,  b ← b − α·db
 * </pre>
 * (The workshop's column layout writes the same as z1 = W1·X + b1 and dW2 = dz2·a1ᵀ.)
 *
 * <p>Every check runs the learner's function on the tiny batch of the lab — the first four
 * training images through a 784-8-10 network initialised with seed 42 — and compares with what the
 * engine ({@code nnworkshop.nn}) computes on the same numbers; the backward check also compares
 * with central differences of the learner's own loss. A check prints one line and never the
 * expected values.
 */
public final class Lab02 {
    /** The lab's tiny batch and network: N = 4 images, H = 8 hidden units. */
    public static final int N = 4, D = 784, H = 8, K = 10;

    /** The parameters: W1 (H, D), b1 (H), W2 (K, H), b2 (K). */
    public record Net(double[][] W1, double[] b1, double[][] W2, double[] b2) {
        /** A deep copy. */
        public Net copy() {
            return new Net(Checks.copy(W1), b1.clone(), Checks.copy(W2), b2.clone());
        }
    }

    /** What the forward pass keeps for the backward pass. */
    public record Forward(double[][] z1, double[][] a1, double[][] z2, double[][] a2) {}

    /** The gradients of the loss, each the shape of its parameter. */
    public record Grads(double[][] dW1, double[] db1, double[][] dW2, double[] db2) {}

    // ---- the learner's functions, as the checks take them (a lambda calling the cell's method)

    /** X = pixels / 255. */
    public interface Inputs { double[][] apply(int[][] pixels); }

    /** Z = X·Wᵀ + b. */
    public interface Linear { double[][] apply(double[][] x, double[][] w, double[] b); }

    /** relu or softmax, row by row. */
    public interface Elementwise { double[][] apply(double[][] z); }

    /** z1, a1, z2, a2. */
    public interface ForwardPass { Forward apply(double[][] x, Net net); }

    /** L = −(1/N) Σ log a2[i][y_i]. */
    public interface Loss { double apply(double[][] a2, int[] y); }

    /** ∂f/∂a, ∂f/∂b, ∂f/∂c, ∂f/∂d of f = (a·b + c)·d. */
    public interface ScalarGradient { double[] apply(double a, double b, double c, double d); }

    /** dz2 = (a2 − Y)/N. */
    public interface OutputError { double[][] apply(double[][] a2, int[] y); }

    /** dW = dzᵀ·a (the previous layer's output). */
    public interface WeightGradient { double[][] apply(double[][] dz, double[][] aPrev); }

    /** db = Σ_i dz[i]. */
    public interface BiasGradient { double[] apply(double[][] dz); }

    /** dz1 = (dz2·W2) ⊙ relu′(z1). */
    public interface HiddenError { double[][] apply(double[][] dz2, double[][] w2, double[][] z1); }

    /** All four gradients. */
    public interface BackwardPass { Grads apply(double[][] x, int[] y, Net net, Forward f); }

    /** W ← W − α·dW, in place. */
    public interface MatrixStep { void apply(double[][] w, double[][] dw, double lr); }

    /** b ← b − α·db, in place. */
    public interface VectorStep { void apply(double[] b, double[] db, double lr); }

    /** A random order of 0..n−1. */
    public interface Shuffle { int[] apply(int n, Random rng); }

    /** Trains {@code net} in place: epochs of shuffled mini-batches. */
    public interface TrainLoop { void apply(Dataset train, Net net, int epochs, int batch, double lr, Random rng); }

    private final Dataset train, test;
    private final int[][] pixels;
    private final double[][] x;
    private final int[] y;
    private final Net net;
    // the engine's numbers on the tiny batch
    private final double[][] z1, a1, z2, a2, dz2, dA1, dz1, dW1, dW2;
    private final double[] db1, db2;
    private final double loss;

    /** The lab on MNIST (from the project's data cache, fetched and verified on first use). */
    public static Lab02 load() {
        MnistData m = DataStore.open(null, System.out::println).load(DatasetKind.MNIST);
        return new Lab02(m.train(), m.test());
    }

    /** The lab on any 784-pixel data set: the tiny batch is the first four images of {@code train}. */
    public Lab02(Dataset train, Dataset test) {
        if (train.features() != D) throw new IllegalArgumentException("the lab needs 28×28 images, got " + train.features() + " pixels");
        this.train = train;
        this.test = test;
        int[] rows = {0, 1, 2, 3};
        pixels = pixels(train, rows);
        y = labels(train, rows);
        x = new double[N][D];
        for (int i = 0; i < N; i++) for (int d = 0; d < D; d++) x[i][d] = pixels[i][d] / 255.0;

        Sequential model = ModelSpec.parse(String.valueOf(H), null, "relu", D, K).build(Init.HE, Seeds.init(42));
        net = netOf(model);
        Dense l1 = (Dense) model.layers().get(0), l2 = (Dense) model.layers().get(2);
        ActivationLayer g = (ActivationLayer) model.layers().get(1);
        float[] xf = new float[N * D];
        for (int i = 0; i < N; i++) for (int d = 0; d < D; d++) xf[i * D + d] = (float) x[i][d];
        Matrix mz1 = l1.forward(Matrix.wrap(xf, N, D));
        z1 = doubles(mz1);
        Matrix ma1 = g.forward(mz1);
        a1 = doubles(ma1);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        Matrix mz2 = l2.forward(ma1);
        z2 = doubles(mz2);
        loss = ce.forward(mz2, y);
        a2 = doubles(ce.probabilities());
        Matrix mdz2 = ce.backward();
        dz2 = doubles(mdz2);
        Matrix mdA1 = l2.backward(mdz2);
        dA1 = doubles(mdA1);
        Matrix mdz1 = g.backward(mdA1);
        dz1 = doubles(mdz1);
        l1.backward(mdz1);
        dW1 = doubles(l1.weight().grad());
        db1 = doubles(l1.bias().grad())[0];
        dW2 = doubles(l2.weight().grad());
        db2 = doubles(l2.bias().grad())[0];
    }

    // ---- what the notebook uses

    /** The tiny batch's pixels, 0..255, (N, D): a fresh copy. */
    public int[][] tinyPixels() {
        int[][] c = new int[N][];
        for (int i = 0; i < N; i++) c[i] = pixels[i].clone();
        return c;
    }

    /** The tiny batch's labels. */
    public int[] tinyLabels() {
        return y.clone();
    }

    /** The tiny network's parameters (He initialisation, seed 42, as the engine draws them): a fresh copy. */
    public Net tinyNet() {
        return net.copy();
    }

    /** The training images of the lab. */
    public Dataset train() {
        return train;
    }

    /** The test images. */
    public Dataset test() {
        return test;
    }

    /** The pixels (0..255) of the given images of {@code data}, one row per image. */
    public static int[][] pixels(Dataset data, int[] rows) {
        int[][] out = new int[rows.length][data.features()];
        for (int i = 0; i < rows.length; i++) for (int p = 0; p < data.features(); p++) out[i][p] = data.pixel(rows[i], p);
        return out;
    }

    /** The labels of the given images. */
    public static int[] labels(Dataset data, int[] rows) {
        int[] out = new int[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = data.label(rows[i]);
        return out;
    }

    /** A fresh 784-{@code hidden}-10 network with He's initialisation, drawn by the engine from {@code seed}. */
    public static Net newNet(int hidden, long seed) {
        return netOf(ModelSpec.parse(String.valueOf(hidden), null, "relu", D, K).build(Init.HE, Seeds.init(seed)));
    }

    /** The index of the largest entry of each row. */
    public static int[] argmax(double[][] a) {
        int[] out = new int[a.length];
        for (int i = 0; i < a.length; i++)
            for (int k = 1; k < a[i].length; k++) if (a[i][k] > a[i][out[i]]) out[i] = k;
        return out;
    }

    /** "(r, c)" of an array. */
    public static String shape(double[][] a) {
        return a == null ? "null" : "(" + a.length + ", " + (a.length == 0 ? 0 : a[0].length) + ")";
    }

    // ---- the checks

    public void checkInputs(Inputs f) { show(inputs(f)); }

    public void checkLinear(Linear f) { show(linear(f)); }

    public void checkRelu(Elementwise f) { show(relu(f)); }

    public void checkSoftmax(Elementwise f) { show(softmax(f)); }

    public void checkForward(ForwardPass f) { show(forward(f)); }

    public void checkLoss(Loss f) { show(loss(f)); }

    public static void checkChainRule(ScalarGradient g) { show(chainRule(g)); }

    public void checkOutputError(OutputError f) { show(outputError(f)); }

    public void checkWeightGradient(WeightGradient f) { show(weightGradient(f)); }

    public void checkBiasGradient(BiasGradient f) { show(biasGradient(f)); }

    public void checkHiddenError(HiddenError f) { show(hiddenError(f)); }

    public void checkBackward(ForwardPass fwd, Loss lossFn, BackwardPass bwd) { show(backward(fwd, lossFn, bwd)); }

    public static void checkSgd(MatrixStep w, VectorStep b) { show(sgd(w, b)); }

    public static void checkShuffle(Shuffle f) { show(shuffle(f)); }

    /**
     * Runs the learner's training loop on {@code trainImages} training images (H = 32, batch 32,
     * α = 0.1, seed 42) and measures the trained network on {@code testImages} test images with the
     * learner's forward pass; passes at {@code target} accuracy or more.
     */
    public void checkTraining(TrainLoop loop, ForwardPass fwd, int trainImages, int epochs, int testImages, double target) {
        show(training(loop, fwd, trainImages, epochs, testImages, target));
    }

    static final String INDEX_HINT_LINEAR = "W is stored (out, in), so Z[i][h] = Σ_d X[i][d]·W[h][d] + b[h] — "
            + "h runs over W's rows, d over X's columns";

    Verdict inputs(Inputs f) {
        return run("X = pixels / 255", null, () -> {
            double[][] got = f.apply(tinyPixels());
            if (got != null && got.length == N && Checks.rectangular(got, D) && Checks.maxAbs(got) > 1.5) {
                return fail("X = pixels / 255", "the pixels are still 0..255: divide by 255 so that X lies in [0, 1] "
                        + "(large inputs make the first layer's sums, and the gradients, 255 times too large)");
            }
            double[][] by256 = new double[N][D], intDiv = new double[N][D];
            for (int i = 0; i < N; i++) for (int d = 0; d < D; d++) {
                by256[i][d] = pixels[i][d] / 256.0;
                intDiv[i][d] = pixels[i][d] / 255;
            }
            String wrong = compare("X", got, x, "(N, D)", 0,
                    mistake(intDiv, "integer division: an int pixel / 255 is 0 unless the pixel is 255; divide by 255.0"),
                    mistake(by256, "divided by 256: the brightest pixel, 255, should become exactly 1"));
            return wrong == null ? pass("X = pixels / 255", "X is (N, D) = (4, 784), in [0, 1]") : fail("X = pixels / 255", wrong);
        });
    }

    Verdict linear(Linear f) {
        String what = "Z = X·Wᵀ + b";
        return run(what, INDEX_HINT_LINEAR, () -> {
            double[][] xIn = Checks.copy(x), w1 = Checks.copy(net.W1());
            double[][] got1 = f.apply(xIn, w1, net.b1().clone());
            String wrong = compare("z1 = linear(X, W1, b1)", got1, z1, "(N, H)", 0,
                    mistake(minusBias(z1, net.b1()), "the bias b is missing (+ b[h] in every row)"));
            if (wrong == null && (!Arrays.deepEquals(xIn, x) || !Arrays.deepEquals(w1, net.W1()))) {
                wrong = "linear changed its inputs X or W: compute the result into a new array";
            }
            if (wrong == null) {
                // the initial biases are 0: this one is not, so a missing + b shows
                double[] b = new double[K];
                for (int k = 0; k < K; k++) b[k] = 0.1 * (k - 4.5);
                double[][] want = minusBias(z2, net.b2());
                for (double[] r : want) for (int k = 0; k < K; k++) r[k] += b[k];
                wrong = compare("z2 = linear(a1, W2, b)", f.apply(Checks.copy(a1), Checks.copy(net.W2()), b.clone()), want,
                        "(N, K)", 0, mistake(minusBias(want, b), "the bias b is missing (+ b[k] in every row)"));
            }
            return wrong == null ? pass(what, "z1 (N, H) and z2 (N, K) agree with the engine's Dense layers") : fail(what, wrong);
        });
    }

    Verdict relu(Elementwise f) {
        String what = "a = relu(z)";
        return run(what, null, () -> {
            double[][] in = Checks.copy(z1);
            double[][] got = f.apply(in);
            String wrong = compare("a1 = relu(z1)", got, a1, "(N, H)", 0,
                    mistake(z1, "a1 is z1 unchanged: negative entries must become 0, max(0, z)"));
            if (wrong == null && !Arrays.deepEquals(in, z1)) {
                wrong = "relu changed its input z1: the backward pass still needs z1 (its sign is the ReLU mask); "
                        + "write the result into a new array";
            }
            return wrong == null ? pass(what, "agrees with the engine's ReLU layer, and leaves z1 as it was") : fail(what, wrong);
        });
    }

    Verdict softmax(Elementwise f) {
        String what = "a = softmax(z), row by row";
        return run(what, null, () -> {
            String wrong = compare("a2 = softmax(z2)", f.apply(Checks.copy(z2)), a2, "(N, K)", 0,
                    mistake(softmaxColumns(z2), "each column was normalised; softmax normalises each row (one image)"));
            if (wrong != null) return fail(what, wrong);
            double[][] big = {{1000, 999, 990, 0, -5, 0, 0, 0, 0, 0}, {-1000, -1001, -1000, -1005, -1002, -1003, -1000, -1001, -1000, -1000}};
            double[][] got = f.apply(Checks.copy(big));
            boolean finite = got != null && Arrays.stream(got).allMatch(r -> r != null && Arrays.stream(r).allMatch(Double::isFinite));
            if (!finite) {
                return fail(what, "softmax overflows on large logits (z = 1000 gives exp(z) = ∞, and ∞/∞ is NaN; z = −1000 gives 0/0): "
                        + "subtract each row's maximum before exp — the result is the same, and exp never exceeds 1");
            }
            wrong = compare("softmax of large logits", got, softmaxRows(big), "(2, K)", 0);
            return wrong == null ? pass(what, "agrees with the engine, rows sum to 1, and large logits do not overflow") : fail(what, wrong);
        });
    }

    Verdict forward(ForwardPass f) {
        String what = "forward pass";
        return run(what, INDEX_HINT_LINEAR, () -> {
            Forward got = f.apply(Checks.copy(x), net.copy());
            if (got == null) return fail(what, "forward returned null: return new Forward(z1, a1, z2, a2)");
            String wrong = first(
                    compare("z1", got.z1(), z1, "(N, H)", 0),
                    compare("a1", got.a1(), a1, "(N, H)", 0, mistake(z1, "a1 is z1: the ReLU is not applied")),
                    compare("z2", got.z2(), z2, "(N, K)", 0),
                    compare("a2", got.a2(), a2, "(N, K)", 0, mistake(z2, "a2 is z2: the softmax is not applied")));
            return wrong == null ? pass(what, "z1, a1, z2, a2 agree with the engine on the tiny batch") : fail(what, wrong);
        });
    }

    Verdict loss(Loss f) {
        String what = "loss L = −(1/N) Σ log a2[i][y_i]";
        return run(what, null, () -> {
            double got = f.apply(Checks.copy(a2), y.clone());
            if (!Double.isFinite(got)) return fail(what, "the loss is " + got + ": a log of 0? (use a2 at the label, which is > 0)");
            if (Checks.close(got, loss, 1, loss)) return pass(what, "agrees with the engine's cross-entropy");
            if (Checks.close(got, loss, N, loss * N)) return fail(what, "N = " + N + " times too large: the loss is the mean over the batch, divide by N");
            if (Checks.close(got, loss, -1, loss)) return fail(what, "the sign is wrong: the loss is minus the mean log-probability, and positive");
            if (Checks.close(got, loss, 1 / Math.log(10), loss)) return fail(what, "log base 10: use the natural log, Math.log");
            return fail(what, "differs from the engine's cross-entropy (yours " + fmt(got) + "): the log of a2 at each image's label y_i, averaged");
        });
    }

    static Verdict chainRule(ScalarGradient g) {
        String what = "∂f/∂a … ∂f/∂d of f = (a·b + c)·d";
        String[] names = {"∂f/∂a", "∂f/∂b", "∂f/∂c", "∂f/∂d"};
        return run(what, null, () -> {
            double[][] points = {{2, -3, 10, -2}, {0.5, 1.5, -1, 3}, {-1.2, 0.7, 0.3, 0.9}};
            for (double[] p : points) {
                double[] got = g.apply(p[0], p[1], p[2], p[3]);
                if (got == null || got.length != 4) {
                    return fail(what, "return four numbers, new double[] {dfda, dfdb, dfdc, dfdd}");
                }
                for (int v = 0; v < 4; v++) {
                    double h = 1e-5;
                    double[] up = p.clone(), down = p.clone();
                    up[v] += h;
                    down[v] -= h;
                    double numeric = (f(up) - f(down)) / (2 * h);
                    if (Math.abs(got[v] - numeric) > 1e-6 * Math.max(1, Math.abs(numeric))) {
                        String why = v == 3 ? "∂f/∂d is what d multiplies: u = a·b + c"
                                : "go back one node at a time: ∂f/∂u = d, then ∂u/∂" + "abc".charAt(v) + " — and multiply";
                        return fail(what, names[v] + " disagrees with the central difference at (a, b, c, d) = "
                                + Arrays.toString(p) + ": " + why);
                    }
                }
            }
            return pass(what, "all four agree with central differences at three points");
        });
    }

    private static double f(double[] p) {
        return (p[0] * p[1] + p[2]) * p[3];
    }

    Verdict outputError(OutputError f) {
        String what = "dz2 = (a2 − Y)/N";
        return run(what, null, () -> {
            double[][] oneHotless = Checks.copy(a2);
            for (double[] r : oneHotless) for (int k = 0; k < K; k++) r[k] /= N;
            String wrong = compare("dz2", f.apply(Checks.copy(a2), y.clone()), dz2, "(N, K)", N,
                    mistake(oneHotless, "Y is missing: subtract 1 at each image's label, a2[i][y_i] − 1"));
            return wrong == null ? pass(what, "agrees with the engine's softmax-cross-entropy gradient") : fail(what, wrong);
        });
    }

    Verdict weightGradient(WeightGradient f) {
        String what = "dW = dzᵀ·a";
        return run(what, "dW[o][j] = Σ_i dz[i][o]·a[i][j]: o over dz's columns, j over a's columns, i over the batch", () -> {
            String wrong = first(
                    compare("dW2 = weightGradient(dz2, a1)", f.apply(Checks.copy(dz2), Checks.copy(a1)), dW2, "(K, H)", N),
                    compare("dW1 = weightGradient(dz1, X)", f.apply(Checks.copy(dz1), Checks.copy(x)), dW1, "(H, D)", N));
            return wrong == null ? pass(what, "dW2 (K, H) and dW1 (H, D) agree with the engine") : fail(what, wrong);
        });
    }

    Verdict biasGradient(BiasGradient f) {
        String what = "db = Σ_i dz[i]";
        return run(what, null, () -> {
            String wrong = first(compare("db2 = biasGradient(dz2)", f.apply(Checks.copy(dz2)), db2, "(K)", N),
                    compare("db1 = biasGradient(dz1)", f.apply(Checks.copy(dz1)), db1, "(H)", N));
            return wrong == null ? pass(what, "db2 (K) and db1 (H) agree with the engine") : fail(what, wrong);
        });
    }

    Verdict hiddenError(HiddenError f) {
        String what = "dz1 = (dz2·W2) ⊙ relu′(z1)";
        return run(what, "W2 is (K, H): dA1[i][h] = Σ_k dz2[i][k]·W2[k][h]", () -> {
            double[][] maskOnA1 = Checks.copy(dA1);
            String wrong = compare("dz1", f.apply(Checks.copy(dz2), Checks.copy(net.W2()), Checks.copy(z1)), dz1, "(N, H)", N,
                    mistake(dA1, "the ReLU mask is forgotten: multiply by relu′(z1), which is 1 where z1 > 0 and 0 elsewhere"),
                    mistake(scaleByZ(dA1, z1), "multiplied by z1 itself; the mask is relu′(z1): 1 where z1 > 0, else 0"));
            return wrong == null ? pass(what, "agrees with the engine: dz2 sent back through W2, masked by the ReLU") : fail(what, wrong);
        });
    }

    Verdict backward(ForwardPass fwd, Loss lossFn, BackwardPass bwd) {
        String what = "backward pass";
        return run(what, null, () -> {
            Forward fw = fwd.apply(Checks.copy(x), net.copy());
            Grads g = bwd.apply(Checks.copy(x), y.clone(), net.copy(), fw);
            if (g == null) return fail(what, "backward returned null: return new Grads(dW1, db1, dW2, db2)");
            String wrong = first(
                    compare("dW2", g.dW2(), dW2, "(K, H)", N),
                    compare("db2", g.db2(), db2, "(K)", N),
                    compare("dW1", g.dW1(), dW1, "(H, D)", N),
                    compare("db1", g.db1(), db1, "(H)", N));
            if (wrong != null) return fail(what, wrong);
            // the definition of the derivative, on the learner's own forward pass and loss
            double worst = 0;
            String worstName = "";
            SplittableRandom rng = Seeds.gradCheck(42);
            for (int t = 0; t < 24; t++) {
                Net p = net.copy();
                int which = t % 4;
                double[] cell;
                int j;
                double analytic;
                String name;
                if (which == 0) {
                    int h = rng.nextInt(H), d = inkedPixel(rng);
                    cell = p.W1()[h];
                    j = d;
                    analytic = g.dW1()[h][d];
                    name = "dW1[" + h + "][" + d + "]";
                } else if (which == 1) {
                    j = rng.nextInt(H);
                    cell = p.b1();
                    analytic = g.db1()[j];
                    name = "db1[" + j + "]";
                } else if (which == 2) {
                    int k = rng.nextInt(K);
                    j = rng.nextInt(H);
                    cell = p.W2()[k];
                    analytic = g.dW2()[k][j];
                    name = "dW2[" + k + "][" + j + "]";
                } else {
                    j = rng.nextInt(K);
                    cell = p.b2();
                    analytic = g.db2()[j];
                    name = "db2[" + j + "]";
                }
                double h = 1e-5, keep = cell[j];
                cell[j] = keep + h;
                double up = lossFn.apply(fwd.apply(Checks.copy(x), p).a2(), y.clone());
                cell[j] = keep - h;
                double down = lossFn.apply(fwd.apply(Checks.copy(x), p).a2(), y.clone());
                cell[j] = keep;
                double numeric = (up - down) / (2 * h);
                double rel = Math.abs(analytic - numeric) / Math.max(1e-8, Math.abs(analytic) + Math.abs(numeric));
                if (rel > worst) {
                    worst = rel;
                    worstName = name;
                }
            }
            if (worst > 1e-4) {
                return fail(what, String.format(Locale.ROOT, "the engine agrees, but the central difference of your loss does not at %s "
                        + "(relative error %.1e): are forward and loss the ones checked above?", worstName, worst));
            }
            saveForPart4(g.dW1());
            return pass(what, String.format(Locale.ROOT, "dW1, db1, dW2, db2 agree with the engine and with central differences "
                    + "of your own loss (24 entries, largest relative error %.1e)", worst));
        });
    }

    static Verdict sgd(MatrixStep w, VectorStep b) {
        String what = "W ← W − α·dW";
        return run(what, null, () -> {
            Random r = new Random(7);
            double[][] w0 = new double[3][5], dw = new double[3][5];
            for (int i = 0; i < 3; i++) for (int j = 0; j < 5; j++) {
                w0[i][j] = r.nextGaussian();
                dw[i][j] = r.nextGaussian();
            }
            double lr = 0.1;
            double[][] got = Checks.copy(w0), want = new double[3][5], plus = new double[3][5], noLr = new double[3][5];
            for (int i = 0; i < 3; i++) for (int j = 0; j < 5; j++) {
                want[i][j] = w0[i][j] - lr * dw[i][j];
                plus[i][j] = w0[i][j] + lr * dw[i][j];
                noLr[i][j] = w0[i][j] - dw[i][j];
            }
            w.apply(got, Checks.copy(dw), lr);
            if (Arrays.deepEquals(got, w0)) {
                return fail(what, "W did not change: update the array you are given, in place (W[i][j] -= …); a new array is lost");
            }
            String wrong = compare("W after the step", got, want, "(3, 5)", 0,
                    mistake(plus, "the step goes uphill: W ← W − α·dW, minus"),
                    mistake(noLr, "the learning rate α is not used: W ← W − α·dW"));
            if (wrong != null) return fail(what, wrong);
            double[] bGot = w0[0].clone(), bWant = new double[5], bPlus = new double[5];
            for (int j = 0; j < 5; j++) {
                bWant[j] = w0[0][j] - lr * dw[0][j];
                bPlus[j] = w0[0][j] + lr * dw[0][j];
            }
            b.apply(bGot, dw[0].clone(), lr);
            if (Arrays.equals(bGot, w0[0])) return fail(what, "b did not change: update the array you are given, in place");
            wrong = compare("b after the step", bGot, bWant, "(5)", 0, mistake(bPlus, "the step goes uphill: b ← b − α·db, minus"));
            return wrong == null ? pass(what, "weights and biases move against their gradients, in place") : fail(what, wrong);
        });
    }

    static Verdict shuffle(Shuffle f) {
        String what = "shuffled order";
        return run(what, null, () -> {
            int n = 1000;
            Random rng = new Random(42);
            int[] first = f.apply(n, rng), second = f.apply(n, rng);
            if (first == null) return fail(what, "returned null");
            if (first.length != n) return fail(what, "has " + first.length + " entries for n = " + n + "; it should hold each of 0..n−1 once");
            boolean[] seen = new boolean[n];
            for (int v : first) {
                if (v < 0 || v >= n) return fail(what, "contains " + v + ", outside 0.." + (n - 1));
                if (seen[v]) return fail(what, "contains " + v + " twice: every image must come exactly once per epoch");
                seen[v] = true;
            }
            int inPlace = 0;
            for (int i = 0; i < n; i++) if (first[i] == i) inPlace++;
            if (inPlace > n / 10) return fail(what, inPlace + " of " + n + " indices stay in place: the order is not shuffled");
            if (Arrays.equals(first, second)) {
                return fail(what, "two calls with the same generator give the same order: draw from rng, do not create a new seeded Random inside");
            }
            int[] again = f.apply(n, new Random(42));
            if (!Arrays.equals(first, again)) return fail(what, "the same seed gives another order: use only the rng you are given");
            return pass(what, "a permutation of 0..n−1, new each epoch, reproducible from the seed");
        });
    }

    Verdict training(TrainLoop loop, ForwardPass fwd, int trainImages, int epochs, int testImages, double target) {
        String what = "training loop";
        return run(what, null, () -> {
            Dataset data = train.head(Math.min(trainImages, train.count()));
            Net start = newNet(32, 42), learned = start.copy();
            long t0 = System.nanoTime();
            loop.apply(data, learned, epochs, 32, 0.1, new Random(42));
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (hasNaN(learned)) {
                return fail(what, "the weights became NaN or ∞: a learning rate far too large, pixels left as 0..255, "
                        + "or a softmax that overflows");
            }
            if (Arrays.deepEquals(learned.W1(), start.W1()) && Arrays.deepEquals(learned.W2(), start.W2())) {
                return fail(what, "the weights did not change: does every batch end with the SGD step on net's arrays?");
            }
            if (Arrays.deepEquals(learned.W1(), start.W1())) {
                return fail(what, "W1 did not change (W2 did): is W1 updated with dW1?");
            }
            int m = Math.min(testImages, test.count());
            int[] rows = new int[m];
            for (int i = 0; i < m; i++) rows[i] = i;
            int[][] px = pixels(test, rows);
            double[][] xs = new double[m][D];
            for (int i = 0; i < m; i++) for (int d = 0; d < D; d++) xs[i][d] = px[i][d] / 255.0;
            int[] predicted = argmax(fwd.apply(xs, learned).a2());
            int correct = 0;
            for (int i = 0; i < m; i++) if (predicted[i] == test.label(i)) correct++;
            double acc = (double) correct / m;
            String measured = String.format(Locale.ROOT, "%.1f%% of %d test images right after %d epochs on %d images, in %.1f s",
                    100 * acc, m, epochs, data.count(), seconds);
            if (acc >= target) return pass(what, measured);
            if (acc < 0.2) {
                return fail(what, measured + ": no better than guessing — are the batches' X scaled to [0, 1], "
                        + "and is each step W ← W − α·dW (minus)?");
            }
            return fail(what, String.format(Locale.ROOT, "%s, below %.0f%%: is every image used each epoch (the last, shorter batch too), "
                    + "and the order reshuffled each epoch?", measured, 100 * target));
        });
    }

    // ---- handing the learner's dW1 to Part 4

    /** Where the backward check leaves the learner's dW1 of the tiny batch, for Part 4's comparison with autograd. */
    public static Path part4File() {
        return Path.of(System.getProperty("java.io.tmpdir"), "nn-workshop-lab", "part2_dW1.f64");
    }

    static void saveForPart4(double[][] g) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(8 * H * D).order(ByteOrder.LITTLE_ENDIAN);
            for (double[] row : g) for (double v : row) buf.putDouble(v);
            Path f = part4File();
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), "part2", ".tmp");
            Files.write(tmp, buf.array());
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a convenience for Part 4, which falls back to the engine's dW1
        }
    }

    /** The dW1 (H, D) the learner's backward pass computed in Part 2, or null if it has not passed its check here. */
    public static double[][] part2DW1() {
        try {
            byte[] b = Files.readAllBytes(part4File());
            if (b.length != 8 * H * D) return null;
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            double[][] g = new double[H][D];
            for (double[] row : g) for (int d = 0; d < D; d++) row[d] = buf.getDouble();
            return g;
        } catch (IOException e) {
            return null;
        }
    }

    /** The engine's logits z2 (N, K) on the tiny batch. */
    public double[][] engineLogits() {
        return Checks.copy(z2);
    }

    /** The engine's dW1 on the tiny batch (what Part 2's check compares with). */
    public double[][] engineDW1() {
        return Checks.copy(dW1);
    }

    /**
     * The computational graph of f = (x + y)·z at x = −2, y = 5, z = −4: each edge carries its value
     * on the way forward (green, above) and the gradient of f with respect to it on the way back
     * (red, below) — the worked example before the by-hand exercise.
     */
    public static java.awt.image.BufferedImage graphFigure() {
        int w = 760, h = 340;
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setRenderingHint(java.awt.RenderingHints.KEY_ANTIALIASING, java.awt.RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, w, h);
        java.awt.Color fwd = new java.awt.Color(0, 120, 0), back = new java.awt.Color(190, 0, 0);
        g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 15));
        int[][] nodes = {{70, 50}, {70, 190}, {70, 270}, {300, 120}, {530, 200}, {700, 200}};
        String[] labels = {"x", "y", "z", "+", "×", "f"};
        int[][] edges = {{0, 3}, {1, 3}, {3, 4}, {2, 4}, {4, 5}};
        String[] values = {"x = −2", "y = 5", "q = 3", "z = −4", "f = −12"};
        String[] grads = {"∂f/∂x = −4", "∂f/∂y = −4", "∂f/∂q = z = −4", "∂f/∂z = q = 3", "∂f/∂f = 1"};
        g.setStroke(new java.awt.BasicStroke(1.6f));
        for (int e = 0; e < edges.length; e++) {
            int[] a = nodes[edges[e][0]], b = nodes[edges[e][1]];
            g.setColor(java.awt.Color.DARK_GRAY);
            g.drawLine(a[0] + 24, a[1], b[0] - 24, b[1]);
        }
        for (int e = 0; e < edges.length; e++) { // labels after every edge, so that none is crossed out
            int[] a = nodes[edges[e][0]], b = nodes[edges[e][1]];
            int mx = (a[0] + b[0]) / 2, my = (a[1] + b[1]) / 2;
            label(g, values[e], mx, my - 14, fwd);
            label(g, grads[e], mx, my + 16, back);
        }
        for (int i = 0; i < nodes.length; i++) {
            boolean op = i == 3 || i == 4;
            g.setColor(op ? new java.awt.Color(230, 236, 250) : new java.awt.Color(245, 245, 245));
            g.fillOval(nodes[i][0] - 24, nodes[i][1] - 24, 48, 48);
            g.setColor(java.awt.Color.BLACK);
            g.drawOval(nodes[i][0] - 24, nodes[i][1] - 24, 48, 48);
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 18));
            g.drawString(labels[i], nodes[i][0] - 6, nodes[i][1] + 6);
            g.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 15));
        }
        g.setColor(java.awt.Color.BLACK);
        g.drawString("f = (x + y)·z.   Green, above each edge: the value, computed forward (left to right).", 20, h - 34);
        g.drawString("Red, below: the gradient of f, computed backward (chain rule: multiply along the path).", 20, h - 12);
        g.dispose();
        return img;
    }

    /** Text centred at (x, y) on a white box, so an edge does not cross it. */
    private static void label(java.awt.Graphics2D g, String text, int x, int y, java.awt.Color color) {
        java.awt.FontMetrics fm = g.getFontMetrics();
        int w = fm.stringWidth(text), left = x - w / 2;
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(left - 3, y - fm.getAscent(), w + 6, fm.getAscent() + fm.getDescent());
        g.setColor(color);
        g.drawString(text, left, y);
    }

    // ---- helpers

    private int inkedPixel(SplittableRandom rng) {
        while (true) {
            int d = rng.nextInt(D);
            for (int i = 0; i < N; i++) if (pixels[i][d] > 0) return d;
        }
    }

    static Net netOf(Sequential model) {
        Dense l1 = model.denseLayers().get(0), l2 = model.denseLayers().get(1);
        return new Net(doubles(l1.weight().value()), doubles(l1.bias().value())[0], doubles(l2.weight().value()),
                doubles(l2.bias().value())[0]);
    }

    static double[][] doubles(Matrix m) {
        double[][] out = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) for (int j = 0; j < m.cols(); j++) out[i][j] = m.get(i, j);
        return out;
    }

    private static double[][] minusBias(double[][] z, double[] b) {
        double[][] out = Checks.copy(z);
        for (double[] r : out) for (int j = 0; j < b.length; j++) r[j] -= b[j];
        return out;
    }

    private static double[][] scaleByZ(double[][] a, double[][] z) {
        double[][] out = Checks.copy(a);
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[i].length; j++) out[i][j] *= z[i][j];
        return out;
    }

    static double[][] softmaxRows(double[][] z) {
        double[][] out = new double[z.length][];
        for (int i = 0; i < z.length; i++) {
            double max = Arrays.stream(z[i]).max().orElse(0), sum = 0;
            out[i] = new double[z[i].length];
            for (int k = 0; k < z[i].length; k++) sum += out[i][k] = Math.exp(z[i][k] - max);
            for (int k = 0; k < z[i].length; k++) out[i][k] /= sum;
        }
        return out;
    }

    private static double[][] softmaxColumns(double[][] z) {
        double[][] out = new double[z.length][z[0].length];
        for (int k = 0; k < z[0].length; k++) {
            double sum = 0;
            for (double[] r : z) sum += Math.exp(r[k]);
            for (int i = 0; i < z.length; i++) out[i][k] = Math.exp(z[i][k]) / sum;
        }
        return out;
    }

    private static boolean hasNaN(Net n) {
        for (double[][] m : new double[][][] {n.W1(), n.W2(), {n.b1()}, {n.b2()}})
            for (double[] r : m) for (double v : r) if (!Double.isFinite(v)) return true;
        return false;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
