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
