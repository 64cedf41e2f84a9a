package nnworkshop.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import nnworkshop.data.Dataset;
import nnworkshop.exercise.Checks.Status;
import nnworkshop.exercise.Checks.Verdict;
import nnworkshop.exercise.Lab02.Forward;
import nnworkshop.exercise.Lab02.Grads;
import nnworkshop.exercise.Lab02.Net;

/**
 * Part 2's checks against a right implementation (they pass) and against the mistakes learners
 * make (each diagnosis fires, in words, without the expected numbers).
 */
class Lab02Test {
    static Lab02 lab;

    @BeforeAll
    static void setUp() {
        lab = new Lab02(Lab02TestData.digits("train", 600, 1), Lab02TestData.digits("test", 200, 2));
    }

    // ---- a right implementation, as the instructor edition writes it

    static double[][] inputs(int[][] p) {
        double[][] x = new double[p.length][p[0].length];
        for (int i = 0; i < p.length; i++) for (int d = 0; d < p[0].length; d++) x[i][d] = p[i][d] / 255.0;
        return x;
    }

    static double[][] linear(double[][] x, double[][] w, double[] b) {
        double[][] z = new double[x.length][w.length];
        for (int i = 0; i < x.length; i++)
            for (int h = 0; h < w.length; h++) {
                double s = b[h];
                for (int d = 0; d < w[h].length; d++) s += x[i][d] * w[h][d];
                z[i][h] = s;
            }
        return z;
    }

    static double[][] relu(double[][] z) {
        double[][] a = new double[z.length][z[0].length];
        for (int i = 0; i < z.length; i++) for (int j = 0; j < z[0].length; j++) a[i][j] = Math.max(0, z[i][j]);
        return a;
    }

    static double[][] softmax(double[][] z) {
        return Lab02.softmaxRows(z);
    }

    static Forward forward(double[][] x, Net n) {
        double[][] z1 = linear(x, n.W1(), n.b1()), a1 = relu(z1), z2 = linear(a1, n.W2(), n.b2());
        return new Forward(z1, a1, z2, softmax(z2));
    }

    static double loss(double[][] a2, int[] y) {
        double l = 0;
        for (int i = 0; i < y.length; i++) l -= Math.log(a2[i][y[i]]);
        return l / y.length;
    }

    static double[][] outputError(double[][] a2, int[] y) {
        double[][] dz = new double[a2.length][a2[0].length];
        for (int i = 0; i < a2.length; i++)
            for (int k = 0; k < a2[0].length; k++) dz[i][k] = (a2[i][k] - (k == y[i] ? 1 : 0)) / a2.length;
        return dz;
    }

    static double[][] weightGradient(double[][] dz, double[][] a) {
        double[][] dw = new double[dz[0].length][a[0].length];
        for (int i = 0; i < dz.length; i++)
            for (int o = 0; o < dz[0].length; o++) for (int j = 0; j < a[0].length; j++) dw[o][j] += dz[i][o] * a[i][j];
        return dw;
    }

    static double[] biasGradient(double[][] dz) {
        double[] db = new double[dz[0].length];
        for (double[] r : dz) for (int j = 0; j < r.length; j++) db[j] += r[j];
        return db;
    }

    static double[][] hiddenError(double[][] dz2, double[][] w2, double[][] z1) {
        double[][] dz1 = new double[dz2.length][w2[0].length];
        for (int i = 0; i < dz2.length; i++)
            for (int h = 0; h < w2[0].length; h++) {
                double s = 0;
                for (int k = 0; k < w2.length; k++) s += dz2[i][k] * w2[k][h];
                dz1[i][h] = z1[i][h] > 0 ? s : 0;
            }
        return dz1;
    }

    static Grads backward(double[][] x, int[] y, Net n, Forward f) {
        double[][] dz2 = outputError(f.a2(), y), dz1 = hiddenError(dz2, n.W2(), f.z1());
        return new Grads(weightGradient(dz1, x), biasGradient(dz1), weightGradient(dz2, f.a1()), biasGradient(dz2));
    }

    static void step(double[][] w, double[][] dw, double lr) {
        for (int i = 0; i < w.length; i++) for (int j = 0; j < w[i].length; j++) w[i][j] -= lr * dw[i][j];
    }

    static void step(double[] b, double[] db, double lr) {
        for (int j = 0; j < b.length; j++) b[j] -= lr * db[j];
    }

    static int[] shuffled(int n, Random rng) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static void train(Dataset data, Net net, int epochs, int batch, double lr, Random rng) {
        for (int e = 0; e < epochs; e++) {
            int[] order = shuffled(data.count(), rng);
            for (int s = 0; s < order.length; s += batch) {
                int[] rows = java.util.Arrays.copyOfRange(order, s, Math.min(order.length, s + batch));
                double[][] x = inputs(Lab02.pixels(data, rows));
                int[] y = Lab02.labels(data, rows);
                Grads g = backward(x, y, net, forward(x, net));
                step(net.W1(), g.dW1(), lr);
                step(net.b1(), g.db1(), lr);
                step(net.W2(), g.dW2(), lr);
                step(net.b2(), g.db2(), lr);
            }
        }
    }

    // ---- helpers

    static void passes(Verdict v) {
        assertEquals(Status.PASSED, v.status(), v.line());
    }

    static void says(Verdict v, String... parts) {
        assertEquals(Status.FAILED, v.status(), v.line());
        for (String p : parts) assertTrue(v.line().contains(p), "'" + p + "' missing from: " + v.line());
    }

    static void notImplemented(Verdict v) {
        assertEquals(Status.NOT_IMPLEMENTED, v.status(), v.line());
        assertTrue(v.line().contains("not implemented yet"), v.line());
    }

    // ---- the tests

    @Test
    void aRightImplementationPassesEveryCheck() {
        passes(lab.inputs(Lab02Test::inputs));
        passes(lab.linear(Lab02Test::linear));
        passes(lab.relu(Lab02Test::relu));
        passes(lab.softmax(Lab02Test::softmax));
        passes(lab.forward(Lab02Test::forward));
        passes(lab.loss(Lab02Test::loss));
        passes(Lab02.chainRule((a, b, c, d) -> new double[] {b * d, a * d, d, a * b + c}));
        passes(lab.outputError(Lab02Test::outputError));
        passes(lab.weightGradient(Lab02Test::weightGradient));
        passes(lab.biasGradient(Lab02Test::biasGradient));
        passes(lab.hiddenError(Lab02Test::hiddenError));
        passes(lab.backward(Lab02Test::forward, Lab02Test::loss, Lab02Test::backward));
        passes(Lab02.sgd(Lab02Test::step, Lab02Test::step));
        passes(Lab02.shuffle(Lab02Test::shuffled));
        passes(lab.training(Lab02Test::train, Lab02Test::forward, 600, 3, 200, 0.9));
    }

    @Test
    void stubsAreNotImplementedYetNeverAnError() {
        notImplemented(lab.inputs(p -> { throw new NotImplementedYet(); }));
        notImplemented(lab.linear((x, w, b) -> { throw new NotImplementedYet(); }));
        notImplemented(lab.forward((x, n) -> new Forward(linear(x, n.W1(), n.b1()), (double[][]) stub(), null, null)));
        notImplemented(lab.backward(Lab02Test::forward, Lab02Test::loss, (x, y, n, f) -> { throw new NotImplementedYet(); }));
        notImplemented(Lab02.sgd((w, dw, lr) -> { throw new NotImplementedYet(); }, Lab02Test::step));
        notImplemented(lab.training((d, n, e, b, lr, r) -> { throw new NotImplementedYet(); }, Lab02Test::forward, 100, 1, 50, 0.9));
    }

    static Object stub() {
        throw new NotImplementedYet();
    }

    @Test
    void pixelsLeftAs0To255AndIntegerDivisionAreNamed() {
        says(lab.inputs(p -> {
            double[][] x = new double[p.length][p[0].length];
            for (int i = 0; i < p.length; i++) for (int d = 0; d < p[0].length; d++) x[i][d] = p[i][d];
            return x;
        }), "still 0..255", "divide by 255");
        says(lab.inputs(p -> {
            double[][] x = new double[p.length][p[0].length];
            for (int i = 0; i < p.length; i++) for (int d = 0; d < p[0].length; d++) x[i][d] = p[i][d] / 255;
            return x;
        }), "integer division");
    }

    @Test
    void aShapeMistakeNamesTheArrayAndBothShapes() {
        says(lab.linear((x, w, b) -> new double[x.length][w.length + 1]), "z1", "(4, 9)", "(N, H) = (4, 8)");
        says(lab.weightGradient((dz, a) -> transpose(weightGradient(dz, a))), "dW2", "transpose", "W where Wᵀ belongs");
    }

    @Test
    void aMissingBiasAndAnIndexErrorAreNamed() {
        says(lab.linear((x, w, b) -> linear(x, w, new double[b.length])), "bias b is missing");
        says(lab.linear((x, w, b) -> {
            double[][] z = new double[x.length][w.length];
            for (int i = 0; i < x.length; i++) for (int h = 0; h < w.length; h++) for (int d = 0; d < x[0].length; d++) z[i][h] += x[i][d] * w[d][h];
            return z;
        }), "ArrayIndexOutOfBoundsException", "W is stored (out, in)");
    }

    @Test
    void anOverflowingSoftmaxIsNamed() {
        says(lab.softmax(z -> {
            double[][] a = new double[z.length][z[0].length];
            for (int i = 0; i < z.length; i++) {
                double s = 0;
                for (double v : z[i]) s += Math.exp(v);
                for (int k = 0; k < z[i].length; k++) a[i][k] = Math.exp(z[i][k]) / s;
            }
            return a;
        }), "overflows", "subtract each row's maximum");
    }

    @Test
    void theLossAsASumOrWithTheWrongSignIsNamed() {
        says(lab.loss((a2, y) -> loss(a2, y) * y.length), "N = 4 times too large", "mean");
        says(lab.loss((a2, y) -> -loss(a2, y)), "sign");
    }

    @Test
    void theMissingOneOverNIsNamed() {
        says(lab.outputError((a2, y) -> scale(outputError(a2, y), a2.length)), "dz2 is N = 4 times too large", "1/N");
        says(lab.biasGradient(dz -> { double[] b = biasGradient(dz); for (int j = 0; j < b.length; j++) b[j] /= dz.length; return b; }),
                "too small", "1/N is applied twice");
    }

    @Test
    void aForgottenReluMaskIsNamed() {
        says(lab.hiddenError((dz2, w2, z1) -> {
            double[][] ones = new double[z1.length][z1[0].length];
            for (double[] r : ones) java.util.Arrays.fill(r, 1);
            return hiddenError(dz2, w2, ones);
        }), "ReLU mask is forgotten");
    }

    @Test
    void backwardComparesWithTheEngineAndWithCentralDifferences() {
        says(lab.backward(Lab02Test::forward, Lab02Test::loss,
                (x, y, n, f) -> { Grads g = backward(x, y, n, f); return new Grads(transpose(g.dW1()), g.db1(), g.dW2(), g.db2()); }),
                "dW1", "transpose");
        // right gradients, but a loss that is not the one they are the gradient of: only the central difference sees it
        says(lab.backward(Lab02Test::forward, (a2, y) -> 2 * loss(a2, y), Lab02Test::backward), "central difference");
    }

    @Test
    void sgdMistakesAreNamed() {
        says(Lab02.sgd((w, dw, lr) -> { for (int i = 0; i < w.length; i++) for (int j = 0; j < w[i].length; j++) w[i][j] += lr * dw[i][j]; },
                Lab02Test::step), "uphill");
        says(Lab02.sgd((w, dw, lr) -> { double[][] copy = Checks.copy(w); step(copy, dw, lr); }, Lab02Test::step), "in place");
        says(Lab02.sgd((w, dw, lr) -> step(w, dw, 1), Lab02Test::step), "learning rate");
    }

    @Test
    void shuffleMistakesAreNamed() {
        says(Lab02.shuffle((n, r) -> { int[] p = new int[n]; for (int i = 0; i < n; i++) p[i] = i; return p; }), "not shuffled");
        says(Lab02.shuffle((n, r) -> shuffled(n, new Random(1))), "same order");
        says(Lab02.shuffle((n, r) -> { int[] p = shuffled(n, r); p[0] = p[1]; return p; }), "twice");
    }

    @Test
    void aLoopThatNeverUpdatesIsNamed() {
        says(lab.training((d, n, e, b, lr, r) -> {}, Lab02Test::forward, 100, 1, 50, 0.9), "did not change");
    }

    @Test
    void theChainRuleCheckNamesTheWrongPartial() {
        says(Lab02.chainRule((a, b, c, d) -> new double[] {b, a * d, d, a * b + c}), "∂f/∂a");
    }

    @Test
    void noCheckPrintsTheExpectedNumbers() {
        // z1's expected values never appear in a failure message: one made-up wrong answer, and its message
        Verdict v = lab.linear((x, w, b) -> scale(linear(x, w, b), 1.5));
        assertFalse(v.passed());
        double[][] want = linear(inputs(lab.tinyPixels()), lab.tinyNet().W1(), lab.tinyNet().b1());
        for (double[] r : want) for (double e : r) {
            if (e != 0) assertFalse(v.line().contains(String.format(java.util.Locale.ROOT, "%.6g", e)), v.line());
        }
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) t[j][i] = a[i][j];
        return t;
    }

    static double[][] scale(double[][] a, double s) {
        double[][] c = Checks.copy(a);
        for (double[] r : c) for (int j = 0; j < r.length; j++) r[j] *= s;
        return c;
    }
}
