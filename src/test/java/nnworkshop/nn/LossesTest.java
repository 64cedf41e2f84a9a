package nnworkshop.nn;

import static nnworkshop.tensor.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import nnworkshop.tensor.Matrix;

class LossesTest {

    @Test
    void crossEntropyOfEqualLogitsIsLn2() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        assertClose(ce.forward(Matrix.of(new float[][] {{0, 0}}), new int[] {0}), Math.log(2), 1e-12, 0);
        assertClose(ce.backward(), new float[] {-0.5f, 0.5f}, 1e-7, 0);
    }

    @Test
    void crossEntropyIsTheBatchMeanAndItsGradientIsSoftmaxMinusOneHotOverN() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        float ln3 = (float) Math.log(3);
        // row 0: softmax(0, ln 3) = (1/4, 3/4), label 1 → −ln 3/4; row 1: (1/2, 1/2), label 0 → ln 2
        double loss = ce.forward(Matrix.of(new float[][] {{0, ln3}, {0, 0}}), new int[] {1, 0});
        assertClose(loss, (-Math.log(0.75) + Math.log(2)) / 2, 1e-7, 0);
        assertClose(ce.probabilities(), new float[] {0.25f, 0.75f, 0.5f, 0.5f}, 1e-6, 0);
        assertClose(ce.backward(), new float[] {0.25f / 2, -0.25f / 2, -0.5f / 2, 0.5f / 2}, 1e-6, 0);
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        // the naive log(softmax) would give log(0) = −∞ and e^1000 overflows
        assertClose(ce.forward(Matrix.of(new float[][] {{1000, 0}}), new int[] {1}), 1000, 1e-12, 0);
        assertClose(ce.backward(), new float[] {1, -1}, 0, 0);
        assertClose(ce.forward(Matrix.of(new float[][] {{-1000, 1000}}), new int[] {1}), 0, 0, 0);
    }

    @Test
    void meanSquaredErrorIsTheMeanOverAllElements() {
        MeanSquaredError mse = new MeanSquaredError();
        // output (0.5, 0.2), target one-hot(0) = (1, 0): ((−0.5)² + 0.2²) / 2
        assertClose(mse.forward(Matrix.of(new float[][] {{0.5f, 0.2f}}), new int[] {0}), 0.145, 1e-7, 0);
        assertClose(mse.backward(), new float[] {-0.5f, 0.2f}, 1e-6, 0);
        // two rows: divide by N·K = 4
        mse.forward(Matrix.of(new float[][] {{1, 0}, {1, 1}}), new int[] {0, 1});
        assertClose(mse.backward(), new float[] {0, 0, 0.5f, 0}, 0, 0);
    }

    @Test
    void labelsOutsideTheClassesAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new SoftmaxCrossEntropy().forward(Matrix.of(new float[][] {{0, 0}}), new int[] {2}));
        assertThrows(IllegalArgumentException.class,
                () -> new MeanSquaredError().forward(Matrix.of(new float[][] {{0, 0}}), new int[] {-1}));
    }

    @Test
    void softmaxLayerOnHandValues() {
        Softmax s = new Softmax();
        Matrix a = s.forward(Matrix.of(new float[][] {{0, (float) Math.log(3)}}));
        assertClose(a, new float[] {0.25f, 0.75f}, 1e-6, 0);
        // dZ = a ∗ (dA − Σ dA·a) with dA = (1, 0): Σ = 0.25
        assertClose(s.backward(Matrix.of(new float[][] {{1, 0}})), new float[] {0.1875f, -0.1875f}, 1e-6, 0);
    }
}
