package nnworkshop.tensor.kernel;

/**
 * The plain reference for {@link Gemm}: the textbook triple loop, one dot product per output,
 * summed in double precision and rounded once. Slow and obviously right; every fast kernel is
 * tested against it.
 */
public final class ReferenceGemm implements Gemm {

    @Override
    public void nt(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = bias == null ? 0.0 : bias[j];
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * k + p] * b[j * k + p];
                }
                c[i * n + j] = (float) s;
            }
        }
    }

    @Override
    public void nn(int m, int n, int k, float[] a, float[] b, float[] c) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * k + p] * b[p * n + j];
                }
                c[i * n + j] = (float) s;
            }
        }
    }

    @Override
    public void tn(int m, int n, int k, float[] a, float[] b, float[] c) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0.0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[p * m + i] * b[p * n + j];
                }
                c[i * n + j] = (float) s;
            }
        }
    }
}
