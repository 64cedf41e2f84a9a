package nnworkshop.nn;

import static nnworkshop.tensor.Close.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class InitTest {

    private static Dense init(Init init, long seed) {
        Dense d = new Dense("0", 784, 128);
        init.apply(d, new SplittableRandom(seed));
        return d;
    }

    private static double[] meanStd(float[] v) {
        double s = 0, s2 = 0;
        for (float x : v) {
            s += x;
            s2 += (double) x * x;
        }
        double mean = s / v.length;
        return new double[] {mean, Math.sqrt(s2 / v.length - mean * mean)};
    }

    @Test
    void heIsNormalWithStdSqrtTwoOverFanIn() {
        Dense d = init(Init.HE, 7);
        double[] ms = meanStd(d.weight().value().toArray()); // 100,352 draws: std error of std ≈ 0.2%
        assertClose(ms[0], 0, 0, 0.01 * Math.sqrt(2.0 / 784));
        assertClose(ms[1], Math.sqrt(2.0 / 784), 0.01, 0);
        assertArrayEquals(new float[128], d.bias().value().toArray());
    }

    @Test
    void xavierIsUniformWithinGlorotBound() {
        Dense d = init(Init.XAVIER, 7);
        double a = Math.sqrt(6.0 / (784 + 128));
        float max = 0;
        for (float w : d.weight().value().toArray()) max = Math.max(max, Math.abs(w));
        assertTrue(max <= a && max > 0.99 * a, "max |w| " + max + " vs bound " + a);
        assertClose(meanStd(d.weight().value().toArray())[1], a / Math.sqrt(3), 0.01, 0);
        assertArrayEquals(new float[128], d.bias().value().toArray());
    }

    @Test
    void pytorchDefaultDrawsWeightsAndBiasesWithinOneOverSqrtFanIn() {
        Dense d = init(Init.PYTORCH, 7);
        double a = 1 / Math.sqrt(784);
        for (float w : d.weight().value().toArray()) assertTrue(Math.abs(w) <= a);
        float[] b = d.bias().value().toArray();
        int nonZero = 0;
        for (float x : b) {
            assertTrue(Math.abs(x) <= a);
            if (x != 0) nonZero++;
        }
        assertEquals(128, nonZero);
    }

    @Test
    void sameSeedSameWeights() {
        assertArrayEquals(init(Init.HE, 3).weight().value().toArray(), init(Init.HE, 3).weight().value().toArray());
        assertFalse(java.util.Arrays.equals(init(Init.HE, 3).weight().value().toArray(),
                init(Init.HE, 4).weight().value().toArray()));
        assertEquals(Init.HE, Init.parse("kaiming"));
        assertEquals(Init.XAVIER, Init.parse("Glorot"));
    }
}
