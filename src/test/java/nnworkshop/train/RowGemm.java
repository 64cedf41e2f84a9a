package nnworkshop.train;

import nnworkshop.tensor.kernel.Gemm;

/**
 * Test-scope only: a plain-Java {@link Gemm} whose inner loops run along rows (axpy form, which
 * the JIT can vectorise), fast enough to train on real MNIST in experiments. The real fast kernels
 * live in {@code nnworkshop.tensor.kernel} and are written elsewhere; this one is checked against
 * {@code ReferenceGemm} in {@link RowGemmTest}. Single-threaded; keeps one scratch array.
 */
final class RowGemm implements Gemm {
    private float[] bt = new float[0]; // scratch: Bᵀ (k, n) for nt

    @Override
    public void nt(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c) {
        if (bt.length < k * n) bt = new float[k * n];
        for (int j = 0; j < n; j++) {
            for (int p = 0; p < k; p++) bt[p * n + j] = b[j * k + p];
        }
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            for (int j = 0; j < n; j++) c[ci + j] = bias == null ? 0f : bias[j];
            for (int p = 0; p < k; p++) {
                float av = a[i * k + p];
                if (av == 0f) continue; // MNIST pixels are mostly 0
                int bp = p * n;
                for (int j = 0; j < n; j++) c[ci + j] += av * bt[bp + j];
            }
        }
    }

    @Override
    public void nn(int m, int n, int k, float[] a, float[] b, float[] c) {
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            for (int j = 0; j < n; j++) c[ci + j] = 0f;
            for (int p = 0; p < k; p++) {
                float av = a[i * k + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
            }
        }
    }

    @Override
    public void tn(int m, int n, int k, float[] a, float[] b, float[] c) {
        for (int i = 0; i < m * n; i++) c[i] = 0f;
        for (int p = 0; p < k; p++) {
            int bp = p * n;
            for (int i = 0; i < m; i++) {
                float av = a[p * m + i];
                if (av == 0f) continue;
                int ci = i * n;
                for (int j = 0; j < n; j++) c[ci + j] += av * b[bp + j];
            }
        }
    }
}
