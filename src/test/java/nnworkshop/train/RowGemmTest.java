package nnworkshop.train;

import static nnworkshop.tensor.Close.assertClose;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import nnworkshop.tensor.kernel.Gemm;
import nnworkshop.tensor.kernel.ReferenceGemm;

/** The test-scope RowGemm against the reference, on random shapes including 0 and 1. */
class RowGemmTest {
    @Test
    void agreesWithTheReference() {
        SplittableRandom r = new SplittableRandom(1);
        Gemm ref = new ReferenceGemm(), row = new RowGemm();
        int[] dims = {0, 1, 2, 7, 16, 33};
        for (int m : dims) for (int n : dims) for (int k : dims) {
            float[] a = random(r, m * k + 3), b = random(r, n * k + 3), bias = random(r, n);
            float[] c1 = new float[m * n + 2], c2 = new float[m * n + 2];
            ref.nt(m, n, k, a, b, bias, c1);
            row.nt(m, n, k, a, b, bias, c2);
            assertClose(c2, c1, 1e-5, 1e-5);
            ref.nn(m, n, k, a, b, c1);
            row.nn(m, n, k, a, b, c2);
            assertClose(c2, c1, 1e-5, 1e-5);
            ref.tn(m, n, k, a, b, c1);
            row.tn(m, n, k, a, b, c2);
            assertClose(c2, c1, 1e-5, 1e-5);
        }
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (2 * r.nextDouble() - 1);
        return v;
    }
}
