package nnworkshop.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

/**
 * The activation functions against hand values, their derivatives against central differences,
 * sigmoid's stability at large |z|, and the float versions against the double ones.
 */
class ActivationsTest {

    /** |actual − expected| ≤ atol + rtol·|expected|, and neither is NaN. */
    static void assertClose(double actual, double expected, double rtol, double atol, String what) {
        if (Double.isNaN(actual) || Double.isNaN(expected) || Math.abs(actual - expected) > atol + rtol * Math.abs(expected)) {
            fail(what + ": expected " + expected + " but was " + actual + " (rtol " + rtol + ", atol " + atol + ")");
        }
    }

    private static final double TIGHT = 1e-15;

    @Test
    void sigmoidHandValues() {
        assertEquals(0.5, Activations.sigmoid(0.0));
        assertEquals(0.25, Activations.sigmoidDerivative(0.0));
        assertClose(Activations.sigmoid(2.0), 0.8807970779778823, TIGHT, 0, "σ(2)");
        assertClose(Activations.sigmoidDerivative(2.0), 0.10499358540350662, 1e-14, 0, "σ'(2)");
        assertClose(Activations.sigmoid(-3.0), 0.04742587317756678, 1e-14, 0, "σ(-3)");
        // symmetry σ(−z) = 1 − σ(z)
        for (double z = -8; z <= 8; z += 0.25) {
            assertClose(Activations.sigmoid(-z), 1 - Activations.sigmoid(z), 0, 1e-15, "σ(-z) at " + z);
        }
    }

    @Test
    void tanhHandValues() {
        assertEquals(0.0, Activations.tanh(0.0));
        assertEquals(1.0, Activations.tanhDerivative(0.0));
        assertClose(Activations.tanh(1.0), 0.7615941559557649, TIGHT, 0, "tanh(1)");
        assertClose(Activations.tanhDerivative(1.0), 0.41997434161402614, 1e-14, 0, "tanh'(1)");
        assertClose(Activations.tanh(-1.0), -0.7615941559557649, TIGHT, 0, "tanh(-1)");
    }

    @Test
    void reluHandValues() {
        assertEquals(3.0, Activations.relu(3.0));
        assertEquals(0.0, Activations.relu(-2.0));
        assertEquals(0.0, Activations.relu(0.0));
        assertEquals(1.0, Activations.reluDerivative(3.0));
        assertEquals(0.0, Activations.reluDerivative(-2.0));
        assertEquals(0.0, Activations.reluDerivative(0.0), "subgradient at 0 is 0, as PyTorch");
    }

    @Test
    void leakyReluHandValues() {
        assertEquals(0.01, Activations.LEAKY_ALPHA);
        assertEquals(3.0, Activations.leakyRelu(3.0));
        assertClose(Activations.leakyRelu(-2.0), -0.02, TIGHT, 0, "leaky(-2)");
        assertEquals(0.0, Activations.leakyRelu(0.0));
        assertEquals(1.0, Activations.leakyReluDerivative(3.0));
        assertEquals(0.01, Activations.leakyReluDerivative(-2.0));
        assertEquals(0.01, Activations.leakyReluDerivative(0.0));
    }

    /** g'(z) against (g(z+h) − g(z−h)) / 2h; kinks of ReLU and leaky ReLU at 0 are avoided. */
    @Test
    void derivativesMatchCentralDifferences() {
        double h = 1e-5; // truncation ~h²·g'''/6 ≈ 1e-11, round-off ~ε·|g|/h ≈ 1e-10
        int checked = 0;
        for (Activation a : Activation.values()) {
            for (int i = -600; i <= 600; i += 7) {
                double z = i / 100.0 + 0.003; // −6..6, never exactly on the kink
                if ((a == Activation.RELU || a == Activation.LEAKY_RELU) && Math.abs(z) < 10 * h) continue;
                double numeric = (a.apply(z + h) - a.apply(z - h)) / (2 * h);
                assertClose(a.derivative(z), numeric, 1e-7, 1e-9, a + "'(" + z + ")");
                checked++;
            }
        }
        assertTrue(checked > 600);
    }

    @Test
    void enumUsesTheScalarDefinitions() {
        for (double z = -7; z <= 7; z += 0.125) {
            assertEquals(Activations.sigmoid(z), Activation.SIGMOID.apply(z));
            assertEquals(Activations.sigmoidDerivative(z), Activation.SIGMOID.derivative(z));
            assertEquals(Activations.relu(z), Activation.RELU.apply(z));
            assertEquals(Activations.reluDerivative(z), Activation.RELU.derivative(z));
            assertEquals(Activations.tanh(z), Activation.TANH.apply(z));
            assertEquals(Activations.tanhDerivative(z), Activation.TANH.derivative(z));
            assertEquals(Activations.leakyRelu(z), Activation.LEAKY_RELU.apply(z));
            assertEquals(Activations.leakyReluDerivative(z), Activation.LEAKY_RELU.derivative(z));
        }
        assertEquals(Activation.LEAKY_RELU, Activation.parse("Leaky-ReLU"));
        assertEquals(Activation.RELU, Activation.parse(" relu "));
    }

    @Test
    void sigmoidIsStableForLargeMagnitudes() {
        assertEquals(1.0, Activations.sigmoid(1000.0));
        assertEquals(0.0, Activations.sigmoid(-1000.0)); // e^−1000 underflows to 0: no NaN, no overflow
        assertEquals(1.0, Activations.sigmoid(Double.POSITIVE_INFINITY));
        assertEquals(0.0, Activations.sigmoid(Double.NEGATIVE_INFINITY));
        assertEquals(0.0, Activations.sigmoidDerivative(1000.0));
        assertEquals(0.0, Activations.sigmoidDerivative(-1000.0));
        assertClose(Activations.sigmoid(-50.0), 1.9287498479639178e-22, 1e-12, 0, "σ(-50)");
        // the naive 1/(1+e^−z) would give exactly 0 here; the stable form keeps the tiny value
        assertTrue(Activations.sigmoid(-700.0) > 0);
        for (double z = -1e4; z <= 1e4; z += 37.3) {
            double s = Activations.sigmoid(z);
            assertFalse(Double.isNaN(s) || s < 0 || s > 1, "σ(" + z + ") = " + s);
            assertFalse(Double.isNaN(Activations.sigmoidDerivative(z)));
            assertFalse(Double.isNaN(Activations.tanhDerivative(z)));
        }
    }

    @Test
    void floatVersionsAgreeWithDouble() {
        // z = k/16 is exact in float and double, so only the arithmetic differs
        for (int k = -16 * 30; k <= 16 * 30; k++) {
            float zf = k / 16f;
            double z = zf;
            // a few float ulps (2^−23 ≈ 1.2e−7 relative) from exp, add and divide
            assertClose(Activations.sigmoid(zf), Activations.sigmoid(z), 4e-7, 1e-30, "sigmoid(float " + zf + ")");
            assertClose(Activations.tanh(zf), Activations.tanh(z), 2e-7, 1e-30, "tanh(float " + zf + ")");
            assertClose(Activations.relu(zf), Activations.relu(z), 0, 0, "relu(float " + zf + ")");
            assertClose(Activations.leakyRelu(zf), Activations.leakyRelu(z), 2e-7, 0, "leakyRelu(float " + zf + ")");
        }
        assertEquals(1f, Activations.sigmoid(1000f));
        assertEquals(0f, Activations.sigmoid(-1000f));
        assertEquals(0.5f, Activations.sigmoid(0f));
        assertClose(Activations.sigmoid(-50f), 1.9287498479639178e-22, 4e-7, 0, "σ(-50f)");
    }
}
