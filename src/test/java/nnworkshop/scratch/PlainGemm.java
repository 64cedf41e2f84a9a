package nnworkshop.scratch;

import nnworkshop.tensor.kernel.Gemm;

/**
 * Fast kernels behind the plain {@link Gemm} interface only: a first Dense layer then keeps no
 * transposed copy of its weights and reads dense batches, so tests can compare the fast paths with
 * the plain ones on the same kernels.
 */
record PlainGemm(Gemm g) implements Gemm {
    public void nt(int m, int n, int k, float[] a, float[] b, float[] bias, float[] c) { g.nt(m, n, k, a, b, bias, c); }
    public void nn(int m, int n, int k, float[] a, float[] b, float[] c) { g.nn(m, n, k, a, b, c); }
    public void tn(int m, int n, int k, float[] a, float[] b, float[] c) { g.tn(m, n, k, a, b, c); }
}
