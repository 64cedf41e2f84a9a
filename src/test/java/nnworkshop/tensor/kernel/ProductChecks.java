package nnworkshop.tensor.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

/** Helpers of the product tests over a list of columns or entries (active-column and sparse kernels). */
final class ProductChecks {
    static final int EXTRA = 5;

    private ProductChecks() {
    }

    interface Product {
        void into(float[] c);
    }

    /** Runs a product on a C of NaN (all must be written) with sentinels past the end. */
    static float[] run(Product p, int size) {
        float[] c = new float[size + EXTRA];
        Arrays.fill(c, 0, size, Float.NaN);
        Arrays.fill(c, size, c.length, GemmCheck.SENTINEL);
        p.into(c);
        for (int i = size; i < c.length; i++) assertEquals(GemmCheck.SENTINEL, c[i], "written past the end");
        return Arrays.copyOf(c, size);
    }

    /** An operand's offset in its array in the tests of offsets: not a multiple of a vector, nor 12. */
    static final int OFFSET = 7;

    /** {@code x} after {@link #OFFSET} NaNs: read from element OFFSET, the product must not touch the others. */
    static float[] shifted(float[] x) {
        float[] y = new float[OFFSET + x.length];
        Arrays.fill(y, 0, OFFSET, Float.NaN);
        System.arraycopy(x, 0, y, OFFSET, x.length);
        return y;
    }

    /**
     * {@link #run} for a product that writes C from element {@link #OFFSET} of its array: the
     * elements before it must be left as they were (sentinels).
     */
    static float[] runShifted(Product p, int size) {
        float[] c = run(cc -> {
            float[] t = new float[OFFSET + cc.length];
            Arrays.fill(t, 0, OFFSET, GemmCheck.SENTINEL);
            System.arraycopy(cc, 0, t, OFFSET, cc.length);
            p.into(t);
            for (int i = 0; i < OFFSET; i++) assertEquals(GemmCheck.SENTINEL, t[i], "written before the offset");
            System.arraycopy(t, OFFSET, cc, 0, cc.length);
        }, size);
        return c;
    }

    static float[] transpose(float[] b, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = b[i * cols + j];
        return t;
    }

    static double[] scaleNN(float[] a, float[] b, float[] bias, int m, int n, int k) {
        double[] s = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double t = Math.abs(bias[j]);
                for (int p = 0; p < k; p++) t += Math.abs((double) a[i * k + p] * b[p * n + j]);
                s[i * n + j] = t;
            }
        }
        return s;
    }

    /** Of C (m, n) = A(k, m)ᵀ·B(k, n). */
    static double[] scaleTN(float[] a, float[] b, int m, int n, int k) {
        double[] s = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double t = 0;
                for (int p = 0; p < k; p++) t += Math.abs((double) a[p * m + i] * b[p * n + j]);
                s[i * n + j] = t;
            }
        }
        return s;
    }

    static int firstMismatch(float[] ref, double[] scale, float[] c) {
        for (int i = 0; i < ref.length; i++) {
            if (!(Math.abs(c[i] - ref[i]) <= GemmCheck.RTOL * scale[i] + GemmCheck.ATOL)) return i;
        }
        return -1;
    }

    static void assertClose(float[] ref, double[] scale, float[] c, String what) {
        int i = firstMismatch(ref, scale, c);
        if (i >= 0) throw new AssertionError(what + ": at " + i + " expected " + ref[i] + " got " + c[i]);
    }

    static float[] gaussian(Random rnd, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) rnd.nextGaussian();
        return x;
    }

    static int[] bits(float[] x) {
        int[] b = new int[x.length];
        for (int i = 0; i < x.length; i++) b[i] = Float.floatToRawIntBits(x[i]);
        return b;
    }
}
