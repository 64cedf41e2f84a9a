package nnworkshop.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API element-wise kernels against the reference loops of {@link Elementwise}, on sizes
 * from 0 to a few vectors plus the model's, with a tail. The loops that do the reference's float
 * operations in the reference's order must agree bit for bit; the column sum (float, not double)
 * to a tolerance relative to the sum of absolute values, tight enough that one dropped term fails.
 */
class ElementwiseVariantsTest {

    private static final int[] SIZES = {0, 1, 2, 15, 16, 17, 31, 33, 100, 784, 8192, 8192 + 5};
    private static final int EXTRA = 5; // arrays longer than n: only the first n may change

    @Test
    void theVectorApiIsPresentInTests() {
        assertTrue(FastElementwise.VECTOR, "the tests run with --add-modules jdk.incubator.vector");
    }

    @Test
    void reluForwardAndBackwardAreBitIdentical() {
        Random rnd = new Random(1);
        for (int n : new int[] {0, 1, 2, 15, 16, 17, 31, 33, 100, 784, 1024, 1025, 2047, 8192, 8192 + 5}) {
            float[] z = random(rnd, n + EXTRA);
            if (n > 3) {
                z[0] = 0f;
                z[1] = -0f;
                z[2] = Float.MIN_VALUE;
            }
            if (n > 9) { // the integer test of "z > 0" at its edges
                z[3] = Float.NaN;
                z[4] = Float.POSITIVE_INFINITY;
                z[5] = Float.NEGATIVE_INFINITY;
                z[6] = Float.intBitsToFloat(0xFFC00001); // a NaN with the sign bit
                z[7] = Float.MAX_VALUE;
                z[8] = -Float.MIN_VALUE;
                z[9] = Float.intBitsToFloat(0x7F800001); // the smallest NaN above infinity
            }
            float[] dA = random(rnd, n + EXTRA);
            if (n > 9) dA[4] = Float.NaN; // passed through where z > 0
            float[] ref = random(rnd, n + EXTRA), fast = ref.clone();
            Elementwise.reluForward(z, ref, n);
            VectorElementwise.reluForward(z, fast, n);
            assertArrayEquals(bits(ref), bits(fast), "relu forward n=" + n);
            ref = random(rnd, n + EXTRA);
            fast = ref.clone();
            Elementwise.reluBackward(z, dA, ref, n);
            VectorElementwise.reluBackward(z, dA, fast, n);
            assertArrayEquals(bits(ref), bits(fast), "relu backward n=" + n);
            // in place, as the layer may call it
            float[] inPlace = z.clone();
            VectorElementwise.reluForward(inPlace, inPlace, n);
            Elementwise.reluForward(z, ref, n);
            assertArrayEquals(bits(Arrays.copyOf(ref, n)), bits(Arrays.copyOf(inPlace, n)), "in place n=" + n);
        }
    }

    @Test
    void theDispatchGivesTheReferenceBitsWhileColdAndWarm() {
        // FastElementwise mixes a timed vector sample with the reference loop until the vector
        // code runs compiled, then uses it alone: every call must give the reference's bits.
        Random rnd = new Random(6);
        for (int call = 0; call < 300; call++) {
            int n = FastElementwise.MIN_VECTOR + rnd.nextInt(3000);
            float[] z = random(rnd, n + EXTRA), dA = random(rnd, n + EXTRA);
            float[] ref = new float[n + EXTRA], fast = new float[n + EXTRA];
            Elementwise.reluForward(z, ref, n);
            FastElementwise.reluForward(z, fast, n);
            assertArrayEquals(bits(ref), bits(fast), "relu forward, call " + call);
            Elementwise.reluBackward(z, dA, ref, n);
            FastElementwise.reluBackward(z, dA, fast, n);
            assertArrayEquals(bits(ref), bits(fast), "relu backward, call " + call);
            int rows = 64, cols = 64 + rnd.nextInt(800);
            float[] x = random(rnd, rows * cols);
            for (int j = 0; j < cols; j++) {
                if (rnd.nextInt(3) == 0) for (int i = 0; i < rows; i++) x[i * cols + j] = 0f;
            }
            int[] actRef = new int[cols], actFast = new int[cols];
            int nr = Elementwise.nonZeroColumns(x, rows, cols, actRef);
            int nf = FastElementwise.nonZeroColumns(x, rows, cols, actFast);
            assertArrayEquals(Arrays.copyOf(actRef, nr), Arrays.copyOf(actFast, nf), "column scan, call " + call);
        }
    }

    @Test
    void bytesToFloatsIsBitIdentical() {
        Random rnd = new Random(3);
        for (int n : SIZES) {
            byte[] src = new byte[n + 2 * EXTRA];
            rnd.nextBytes(src);
            for (float[] ms : new float[][] {{0f, 1f}, {0.1307f, 0.3081f}}) {
                float scale = 1f / (255f * ms[1]), shift = -ms[0] / ms[1];
                float[] ref = random(rnd, n + 2 * EXTRA), fast = ref.clone();
                Elementwise.bytesToFloats(src, 3, ref, 1, n, scale, shift);
                VectorElementwise.bytesToFloats(src, 3, fast, 1, n, scale, shift);
                assertArrayEquals(bits(ref), bits(fast), "bytes n=" + n);
            }
        }
    }

    @Test
    void sumRowsMatchesTheReference() {
        Random rnd = new Random(4);
        int[] dims = {0, 1, 2, 7, 16, 17, 64, 129};
        for (int rows : dims) {
            for (int cols : dims) {
                float[] a = random(rnd, rows * cols + EXTRA);
                float[] ref = random(rnd, cols + EXTRA), fast = ref.clone();
                Elementwise.sumRows(a, rows, cols, ref);
                VectorElementwise.sumRows(a, rows, cols, fast);
                assertEquals(a, rows, cols, ref, fast);
            }
        }
    }

    @Test
    void theSumCheckCatchesOneMissingTerm() {
        Random rnd = new Random(5);
        int rows = 64, cols = 128;
        float[] a = random(rnd, rows * cols);
        float[] ref = new float[cols], fast = new float[cols];
        Elementwise.sumRows(a, rows, cols, ref);
        VectorElementwise.sumRows(a, rows, cols, fast);
        assertEquals(a, rows, cols, ref, fast);
        int j = 77;
        float[] wrong = fast.clone();
        wrong[j] -= a[40 * cols + j];
        try {
            assertEquals(a, rows, cols, ref, wrong);
        } catch (AssertionError expected) {
            return;
        }
        fail("a missing term went unnoticed");
    }

    /** |fast − ref| ≤ 1e-5 · Σ_i |a[i, j]| per column, and nothing past cols changed. */
    private static void assertEquals(float[] a, int rows, int cols, float[] ref, float[] fast) {
        for (int j = 0; j < cols; j++) {
            double scale = 0;
            for (int i = 0; i < rows; i++) {
                scale += Math.abs(a[i * cols + j]);
            }
            if (!(Math.abs(fast[j] - ref[j]) <= 1e-5 * scale)) {
                throw new AssertionError("column " + j + " of " + rows + "x" + cols + ": " + fast[j] + " vs " + ref[j]);
            }
        }
        assertArrayEquals(bits(Arrays.copyOfRange(ref, cols, ref.length)),
                bits(Arrays.copyOfRange(fast, cols, fast.length)), "past the end");
    }

    private static float[] random(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rnd.nextGaussian();
        }
        return x;
    }

    private static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            b[i] = Float.floatToRawIntBits(x[i]);
        }
        return b;
    }
}
