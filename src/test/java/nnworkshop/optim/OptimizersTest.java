package nnworkshop.optim;

import static nnworkshop.tensor.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import nnworkshop.WorkshopException;
import nnworkshop.tensor.Matrix;
import nnworkshop.tensor.Parameter;

/**
 * The update rules on hand values: p = (1, −2), gradients (0.5, 0.25) then, for Adam, (−0.5, 1).
 * Momentum values are worked out in the comments; Adam's were computed with the textbook formulas
 * (m̂ / (√v̂ + ε)) in NumPy float64, a different arrangement from the kernel's PyTorch form.
 * Tolerance: float32 rounding of values near 1 (a few ulp), far below any rule error.
 */
class OptimizersTest {
    private static final double RTOL = 1e-6;

    private static Parameter param() {
        Parameter p = new Parameter("0.weight", new int[] {2}, Matrix.of(new float[][] {{1f, -2f}}));
        setGrad(p, 0.5f, 0.25f);
        return p;
    }

    private static void setGrad(Parameter p, float a, float b) {
        p.grad().set(0, 0, a);
        p.grad().set(0, 1, b);
    }

    @Test
    void sgdIsWMinusLrTimesDw() {
        Parameter p = param();
        new Sgd(List.of(p), 0.1).step();
        assertClose(p.value(), new float[] {0.95f, -2.025f}, RTOL, 0);
    }

    @Test
    void sgdWeightDecayAddsWdTimesWToTheGradient() {
        Parameter p = param();
        new Sgd(List.of(p), 0.1, 0.1).step(); // g' = (0.5 + 0.1, 0.25 − 0.2) = (0.6, 0.05)
        assertClose(p.value(), new float[] {0.94f, -2.005f}, RTOL, 0);
    }

    @Test
    void momentumTwoSteps() {
        Parameter p = param();
        Optimizer o = new Momentum(List.of(p), 0.1, 0.9, 0);
        o.step(); // v = g = (0.5, 0.25); p = (0.95, −2.025)
        assertClose(p.value(), new float[] {0.95f, -2.025f}, RTOL, 0);
        o.step(); // v = 0.9·v + g = (0.95, 0.475); p = (0.855, −2.0725)
        assertClose(p.value(), new float[] {0.855f, -2.0725f}, RTOL, 0);
    }

    @Test
    void momentumWithWeightDecayTwoSteps() {
        Parameter p = param();
        Optimizer o = Optimizer.create(OptimizerKind.SGD, List.of(p), 0.1, 0.9, 0.1);
        assertTrue(o instanceof Momentum);
        o.step(); // g' = (0.6, 0.05) = v; p = (0.94, −2.005)
        assertClose(p.value(), new float[] {0.94f, -2.005f}, RTOL, 0);
        o.step(); // g' = (0.594, 0.0495); v = (1.134, 0.0945); p = (0.8266, −2.01445)
        assertClose(p.value(), new float[] {0.8266f, -2.01445f}, RTOL, 0);
    }

    @Test
    void adamTwoStepsWithBiasCorrection() {
        Parameter p = param();
        Adam o = new Adam(List.of(p), 0.1, 0);
        o.step(); // bias correction makes the first step ±lr exactly (up to ε)
        assertClose(p.value(), new float[] {0.9000000019999999f, -2.099999996f}, RTOL, 0);
        setGrad(p, -0.5f, 1f);
        o.step();
        assertClose(p.value(), new float[] {0.9052631597894735f, -2.1884376438445123f}, RTOL, 0);
        assertEquals(2, o.steps());
    }

    @Test
    void adamWithWeightDecayTwoSteps() {
        Parameter p = param();
        Optimizer o = Optimizer.create(OptimizerKind.ADAM, List.of(p), 0.1, 0, 0.1);
        o.step();
        assertClose(p.value(), new float[] {0.9000000016666666f, -2.099999980000004f}, RTOL, 0);
        setGrad(p, -0.5f, 1f);
        o.step();
        assertClose(p.value(), new float[] {0.8866836230649792f, -2.178495511577223f}, RTOL, 0);
    }

    @Test
    void learningRateCanBeChangedBetweenSteps() {
        Parameter p = param();
        Optimizer o = new Sgd(List.of(p), 0.1);
        o.setLearningRate(1.0);
        o.step();
        assertClose(p.value(), new float[] {0.5f, -2.25f}, RTOL, 0);
        assertEquals(1.0, o.learningRate());
    }

    @Test
    void stepLrDecaysEveryStepEpochs() {
        StepLr s = new StepLr(0.1, 5, 0.5);
        assertEquals(0.1, s.learningRate(0));
        assertEquals(0.1, s.learningRate(4));
        assertEquals(0.05, s.learningRate(5));
        assertEquals(0.05, s.learningRate(9));
        assertEquals(0.025, s.learningRate(10));
        assertEquals(0.1, LrSchedule.constant(0.1).learningRate(99));
    }

    @Test
    void badHyperParametersAreRejected() {
        Parameter p = param();
        assertThrows(WorkshopException.class, () -> new Sgd(List.of(p), -1));
        assertThrows(WorkshopException.class, () -> new Sgd(List.of(p), Double.NaN));
        assertThrows(WorkshopException.class, () -> new Momentum(List.of(p), 0.1, 1.0, 0));
        assertThrows(WorkshopException.class, () -> new Adam(List.of(p), 0.1, -0.1));
        assertThrows(WorkshopException.class, () -> new StepLr(0.1, 0, 0.5));
        assertThrows(WorkshopException.class, () -> OptimizerKind.parse("rmsprop"));
    }
}
