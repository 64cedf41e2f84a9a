package nnworkshop.exercise;

import static nnworkshop.exercise.Checks.fail;
import static nnworkshop.exercise.Checks.pass;
import static nnworkshop.exercise.Checks.run;
import static nnworkshop.exercise.Checks.show;

import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import nnworkshop.data.Dataset;
import nnworkshop.data.Normalization;
import nnworkshop.exercise.Checks.Verdict;
import nnworkshop.nn.Sequential;
import nnworkshop.tensor.Matrix;
import nnworkshop.train.History;
import nnworkshop.train.TrainingRun;

/**
 * The checks of {@code 06_experiments.ipynb}: small functions the learner writes to read the
 * experiments (the best learning rate of a sweep, the symmetry of zero initialisation, the
 * generalisation gap, epochs for a number of steps, a hidden unit's weights as an image, a
 * prediction). Each check compares with the same quantity computed here and says what differs,
 * never the expected value.
 */
public final class Lab06 {
    private Lab06() {}

    /** Epochs needed for {@code steps} SGD steps at batch {@code batch} over {@code images} images. */
    public interface EpochsFor { int apply(int steps, int batch, int images); }

    /** Hidden unit {@code unit}'s incoming weights, row {@code unit} of W1 (H, 784), as a 28×28 image. */
    public interface WeightImage { double[][] apply(float[][] w1, int unit); }

    /** The class a model predicts for one image of 784 inputs (already normalised). */
    public interface Predict { int apply(Sequential model, float[] x); }

    public static void checkBestLearningRate(ToDoubleFunction<List<TrainingRun>> yours, List<TrainingRun> runs) {
        show(bestLearningRate(yours, runs));
    }

    public static void checkRowsIdentical(Predicate<float[][]> yours) {
        show(rowsIdentical(yours));
    }

    public static void checkGap(ToDoubleFunction<History> yours, History h) {
        show(gap(yours, h));
    }

    public static void checkEpochsFor(EpochsFor yours) {
        show(epochsFor(yours));
    }

    public static void checkWeightImage(WeightImage yours) {
        show(weightImage(yours));
    }

    public static void checkPredict(Predict yours, Sequential model, Dataset test, Normalization norm) {
        show(predict(yours, model, test, norm));
    }

    static Verdict bestLearningRate(ToDoubleFunction<List<TrainingRun>> yours, List<TrainingRun> runs) {
        String what = "the best learning rate";
        return run(what, null, () -> {
            double got = yours.applyAsDouble(runs);
            TrainingRun best = runs.get(0);
            for (TrainingRun r : runs) if (r.history().last().valAccuracy() > best.history().last().valAccuracy()) best = r;
            if (got == best.config().lr()) return pass(what, "α = " + got + " ends with the best validation accuracy of the sweep");
            for (TrainingRun r : runs) {
                if (r.config().lr() == got) {
                    return fail(what, "α = " + got + " is one of the sweep's, but not the one with the highest validation accuracy "
                            + "in its last epoch (history().last().valAccuracy())");
                }
            }
            return fail(what, "α = " + got + " is none of the sweep's rates: return the config().lr() of one of the runs");
        });
    }

    static Verdict rowsIdentical(Predicate<float[][]> yours) {
        String what = "all hidden units identical";
        return run(what, null, () -> {
            float[][] same = {{1, 2, 3}, {1, 2, 3}, {1, 2, 3}}, differ = {{1, 2, 3}, {1, 2, 3}, {1, 2, 4}}, firstDiffers = {{0, 2, 3}, {1, 2, 3}};
            if (!yours.test(same)) return fail(what, "says no for three identical rows");
            if (yours.test(differ)) return fail(what, "says yes although the last row differs in its last entry: compare every row with the first, entry by entry");
            if (yours.test(firstDiffers)) return fail(what, "says yes although the first row differs from the second");
            return pass(what, "tells identical rows from rows that differ");
        });
    }

    static Verdict gap(ToDoubleFunction<History> yours, History h) {
        String what = "the generalisation gap";
        return run(what, null, () -> {
            double got = yours.applyAsDouble(h);
            double want = h.last().trainAccuracy() - h.last().valAccuracy();
            if (Math.abs(got - want) < 1e-12) return pass(what, String.format(Locale.ROOT, "%.1f percentage points", 100 * got));
            if (Math.abs(got + want) < 1e-12) return fail(what, "the sign is reversed: training accuracy minus validation accuracy");
            if (Math.abs(got - 100 * want) < 1e-9) return fail(what, "in percent: give it as a fraction (0.05 for 5 points)");
            return fail(what, "is not the last epoch's training accuracy minus its validation accuracy (yours " + got + ")");
        });
    }

    static Verdict epochsFor(EpochsFor yours) {
        String what = "epochs for a number of steps";
        return run(what, null, () -> {
            int[][] cases = {{1000, 64, 3000}, {100, 32, 3200}, {101, 32, 3200}, {500, 1000, 1000}, {1, 64, 55000}, {860, 64, 55000}};
            for (int[] c : cases) {
                int perEpoch = (c[2] + c[1] - 1) / c[1];
                int want = (c[0] + perEpoch - 1) / perEpoch;
                int got = yours.apply(c[0], c[1], c[2]);
                if (got != want) {
                    return fail(what, String.format(Locale.ROOT, "wrong for %d steps at batch %d over %d images (yours %d): an epoch "
                            + "is ⌈images / batch⌉ steps (the last batch may be short), and a started epoch counts", c[0], c[1], c[2], got));
                }
            }
            return pass(what, "right for all six cases, short last batches included");
        });
    }

    static Verdict weightImage(WeightImage yours) {
        String what = "a hidden unit's weights as a 28×28 image";
        return run(what, "pixel (r, c) of the image is input r·28 + c", () -> {
            Random rng = new Random(3);
            float[][] w = new float[5][784];
            for (float[] row : w) for (int i = 0; i < row.length; i++) row[i] = (float) rng.nextGaussian();
            double[][] got = yours.apply(w, 3);
            double[][] want = new double[28][28], transposed = new double[28][28], otherUnit = new double[28][28];
            for (int r = 0; r < 28; r++) for (int c = 0; c < 28; c++) {
                want[r][c] = w[3][r * 28 + c];
                transposed[c][r] = w[3][r * 28 + c];
                otherUnit[r][c] = w[0][r * 28 + c];
            }
            String wrong = Checks.compare("the image", got, want, "(28, 28)", 0,
                    Checks.mistake(transposed, "the image is transposed: pixel (r, c) is input r·28 + c (rows first, as MNIST stores them)"),
                    Checks.mistake(otherUnit, "this is unit 0's row: use the unit asked for"));
            return wrong == null ? pass(what, "row " + 3 + " of W1, reshaped row by row") : fail(what, wrong);
        });
    }

    static Verdict predict(Predict yours, Sequential model, Dataset test, Normalization norm) {
        String what = "predict one image";
        return run(what, null, () -> {
            int n = Math.min(200, test.count());
            int[] rows = new int[n];
            for (int i = 0; i < n; i++) rows[i] = i;
            float[] x = new float[n * test.features()];
            norm.gather(test, rows, 0, n, x);
            int[] want = new int[n];
            Matrix.argmaxRows(model.forward(Matrix.wrap(x, n, test.features())), want);
            for (int i = 0; i < n; i++) {
                float[] one = java.util.Arrays.copyOfRange(x, i * test.features(), (i + 1) * test.features());
                int got = yours.apply(model, one);
                if (got < 0 || got > 9) return fail(what, "returned " + got + " for test image " + i + ": a class is 0..9");
                if (got != want[i]) {
                    return fail(what, "disagrees with the model's own predictions on test image " + i
                            + ": forward one row (1, 784), then the index of the largest logit");
                }
            }
            return pass(what, "agrees with the model on the first " + n + " test images");
        });
    }
}
