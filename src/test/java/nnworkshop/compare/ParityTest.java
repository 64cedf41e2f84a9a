package nnworkshop.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The relative differences, on values worked out by hand. */
class ParityTest {

    @Test
    void relativeDifferenceOfNumbers() {
        assertEquals(0.01, Parity.relative(2.0, 2.02), 1e-15);
        assertEquals(0.01, Parity.relative(-2.0, -1.98), 1e-15);
        assertEquals(0.0, Parity.relative(0.0, 0.0));
        assertEquals(0.0, Parity.relative(1.5, 1.5));
        assertEquals(Double.POSITIVE_INFINITY, Parity.relative(0.0, 1e-9));
        assertTrue(Double.isNaN(Parity.relative(Double.NaN, 1)));
    }

    @Test
    void relativeDifferenceOfTensorsIsTheRatioOfTwoNorms() {
        // ‖(0.3, 0.4)‖ / ‖(3, 4)‖ = 0.5 / 5
        assertEquals(0.1, Parity.relativeL2(new float[] {3, 4}, new float[] {3.3f, 4.4f}), 1e-7);
        assertEquals(0.0, Parity.relativeL2(new float[] {1, -2}, new float[] {1, -2}));
        assertEquals(0.0, Parity.relativeL2(new float[0], new float[0]));
        assertEquals(Double.POSITIVE_INFINITY, Parity.relativeL2(new float[] {0, 0}, new float[] {0, 1e-30f}));
        // one entry wrong by 1% in a tensor of 100 equal entries: 1% of one entry is 0.1% of the norm
        float[] ref = new float[100], other = new float[100];
        java.util.Arrays.fill(ref, 0.5f);
        java.util.Arrays.fill(other, 0.5f);
        other[7] = 0.505f;
        assertEquals(0.001, Parity.relativeL2(ref, other), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> Parity.relativeL2(new float[2], new float[3]));
    }

    @Test
    void maximum() {
        assertEquals(3.0, Parity.max(new double[] {1, 3, 2}));
        assertTrue(Double.isNaN(Parity.max(new double[] {1, Double.NaN})));
    }

    @Test
    void firstStepOverABound() {
        Parity.FreeRunning f = new Parity.FreeRunning(new double[] {1e-7, 2e-5, 3e-4, 1e-6}, 2, 3e-4, 1e-5, 2e-5, 0.0);
        assertEquals(2, f.firstStepOver(1e-4));
        assertEquals(-1, f.firstStepOver(1e-3));
        assertEquals(0, new Parity.FreeRunning(new double[] {Double.NaN}, 1, 0, 0, 0, 0).firstStepOver(1e-4));
    }
}
