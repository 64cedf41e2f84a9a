package nnworkshop.train;

import static nnworkshop.tensor.Close.assertClose;

import java.util.List;

import org.junit.jupiter.api.Test;

import nnworkshop.nn.Dense;
import nnworkshop.nn.ReLU;
import nnworkshop.nn.Sequential;
import nnworkshop.nn.SoftmaxCrossEntropy;
import nnworkshop.optim.Sgd;
import nnworkshop.tensor.Matrix;

/**
 * One SGD step of a 2-3-2 ReLU network on a batch of 2, every intermediate value asserted.
 * The expected numbers are printed by the committed script
 * {@code src/test/resources/golden/mlp_2_3_2.py} (NumPy, float64, rounded to float32).
 * The engine works in float32 (products summed in double by ReferenceGemm), so values may differ
 * from the script's in the last bit or two: the tolerance is 4 float ulps near 1 (5e-7),
 * a million times smaller than any error in an equation would make them.
 */
class GoldenStepTest {
    private static final double RTOL = 5e-7, ATOL = 5e-8;

    @Test
    void oneStepOfTheWorkshopsNetworkByHand() {
        Dense l0 = new Dense("0", 2, 3), l2 = new Dense("2", 3, 2);
        ReLU l1 = new ReLU();
        set(l0.weight().value(), 0.1f, -0.2f, 0.4f, 0.3f, -0.5f, 0.2f);
        set(l0.bias().value(), 0.01f, -0.02f, 0.03f);
        set(l2.weight().value(), 0.3f, -0.1f, 0.2f, -0.4f, 0.5f, 0.1f);
        set(l2.bias().value(), 0.05f, -0.05f);
        Sequential model = new Sequential(List.of(l0, l1, l2));
        Matrix x = Matrix.of(new float[][] {{1.0f, 2.0f}, {0.5f, -1.0f}});
        int[] y = {1, 0};

        // forward: z1 = X·W1ᵀ + b1, a1 = relu(z1), z2 = a1·W2ᵀ + b2
        Matrix z1 = l0.forward(x);
        assertClose(z1, new float[] {-0.28999999165534973f, 0.9800000190734863f, -0.06999999284744263f,
                0.25999999046325684f, -0.12000000476837158f, -0.42000001668930054f}, RTOL, ATOL);
        Matrix a1 = l1.forward(z1);
        assertClose(a1, new float[] {0.0f, 0.9800000190734863f, 0.0f, 0.25999999046325684f, 0.0f, 0.0f}, RTOL, ATOL);
        Matrix z2 = l2.forward(a1);
        assertClose(z2, new float[] {-0.04800000414252281f, 0.4400000274181366f, 0.12800000607967377f,
                -0.15399999916553497f}, RTOL, ATOL);
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        assertClose(ce.forward(z2, y), 0.5203396677970886, RTOL, ATOL);

        // backward: dz2 = (a2 − y)/N, dW2 = dz2ᵀ·a1, db2 = Σ dz2, dz1 = dz2·W2 ∗ relu′(z1), dW1 = dz1ᵀ·X, db1 = Σ dz1
        model.backward(ce.backward());
        assertClose(l2.weight().grad(), new float[] {-0.055895257741212845f, 0.18637877702713013f, 0.0f,
                0.055895257741212845f, -0.18637877702713013f, 0.0f}, RTOL, ATOL);
        assertClose(l2.bias().grad(), new float[] {-0.024799345061182976f, 0.024799345061182976f}, RTOL, ATOL);
        assertClose(l0.weight().grad(), new float[] {-0.07524361461400986f, 0.15048722922801971f,
                -0.11410944908857346f, -0.2282188981771469f, 0.0f, 0.0f}, RTOL, ATOL);
        assertClose(l0.bias().grad(), new float[] {-0.15048722922801971f, -0.11410944908857346f, 0.0f}, RTOL, ATOL);

        // update: W ← W − α·dW with α = 0.5
        new Sgd(model.parameters(), 0.5).step();
        assertClose(l0.weight().value(), new float[] {0.13762180507183075f, -0.2752436101436615f, 0.4570547342300415f,
                0.414109468460083f, -0.5f, 0.20000000298023224f}, RTOL, ATOL);
        assertClose(l0.bias().value(), new float[] {0.08524361997842789f, 0.037054724991321564f, 0.029999999329447746f},
                RTOL, ATOL);
        assertClose(l2.weight().value(), new float[] {0.3279476463794708f, -0.19318938255310059f, 0.20000000298023224f,
                -0.42794764041900635f, 0.5931893587112427f, 0.10000000149011612f}, RTOL, ATOL);
        assertClose(l2.bias().value(), new float[] {0.06239967420697212f, -0.06239967420697212f}, RTOL, ATOL);
    }

    private static void set(Matrix m, float... v) {
        System.arraycopy(v, 0, m.data(), 0, v.length);
    }
}
